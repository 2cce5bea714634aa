package io.github.genesysqueuefeed.observation;

/** A queue the feed observes; the name is null until discovery or a lookup has told it. */
public record QueueRef(String id, String name) {
}

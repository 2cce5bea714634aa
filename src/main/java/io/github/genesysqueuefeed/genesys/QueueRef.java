package io.github.genesysqueuefeed.genesys;

import io.github.genesysqueuefeed.event.QueueStatusEvent.Division;

/**
 * A queue the feed observes; the name is null until discovery or a lookup has told it, the division null when
 * the queue listing did not name one.
 */
public record QueueRef(String id, String name, Division division) {

    public QueueRef(String id, String name) {
        this(id, name, null);
    }
}

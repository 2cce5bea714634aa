package io.github.genesysqueuefeed.feed;

/** A snapshot some of whose batches went to the dead letters: thrown so the circuit breaker counts it as failed. */
public final class SnapshotFailedException extends Exception {

    public SnapshotFailedException(String message) {
        super(message, null, false, false);
    }
}

package io.github.genesysqueuefeed.genesys;

/**
 * The observations answer parsed as JSON but cannot be read as observations of the batch's queues (a null element
 * in {@code results}, a group without a queue id): the whole batch goes to the dead letters with the answer as
 * Genesys sent it. Not an IOException, so it is never retried: the same answer would fail the same way.
 */
public final class MalformedObservationsException extends RuntimeException {

    public MalformedObservationsException(String message) {
        super(message);
    }
}

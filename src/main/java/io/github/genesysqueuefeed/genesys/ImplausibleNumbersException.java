package io.github.genesysqueuefeed.genesys;

/**
 * One queue's numbers were rejected ({@link QueueStatusExtractor.RejectedQueue}): the reason of that queue's dead
 * letter. Only the queue is dead-lettered; the rest of its batch publishes and the snapshot still counts as a
 * success (a queue Genesys keeps sending nonsense for must not open the circuit for every other queue).
 */
public final class ImplausibleNumbersException extends RuntimeException {

    private final String queueId;

    public ImplausibleNumbersException(String queueId, String message) {
        super(message, null, false, false);
        this.queueId = queueId;
    }

    public String queueId() {
        return queueId;
    }
}

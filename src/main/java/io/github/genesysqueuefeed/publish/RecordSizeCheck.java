package io.github.genesysqueuefeed.publish;

/**
 * Turns a record Kafka would refuse as too large into a dead letter that says so (case 11.10): before sending,
 * against the producer's {@code max.request.size}; after sending, when the broker's own limit was smaller.
 */
final class RecordSizeCheck {

    private final DeadLetters deadLetters;
    private final int maxRequestSize;
    private final String deadLetterTopic;

    RecordSizeCheck(DeadLetters deadLetters, int maxRequestSize, String deadLetterTopic) {
        this.deadLetters = deadLetters;
        this.maxRequestSize = maxRequestSize;
        this.deadLetterTopic = deadLetterTopic;
    }

    /** The record, or its dead letter when it is over {@code max.request.size}. */
    OutgoingRecord checked(OutgoingRecord record) {
        int size = record.sizeInBytes();
        return size <= maxRequestSize ? record : deadLetters.oversized(record, size, maxRequestSize, deadLetterTopic);
    }

    /** The dead letter of a record the broker refused as too large ({@code message.max.bytes}). */
    OutgoingRecord refusedByBroker(OutgoingRecord record) {
        return deadLetters.oversized(record, record.sizeInBytes(), -1, deadLetterTopic);
    }
}

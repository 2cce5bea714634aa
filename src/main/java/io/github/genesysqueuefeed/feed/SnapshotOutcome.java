package io.github.genesysqueuefeed.feed;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shared by a snapshot and all its batch exchanges (the split copies the property reference, not the object),
 * so a batch that was dead-lettered marks the whole snapshot as failed.
 */
public final class SnapshotOutcome {

    private final AtomicInteger failures = new AtomicInteger();

    public void batchFailed() {
        failures.incrementAndGet();
    }

    /** Something outside any batch failed: planning (discovery). Kafka never fails a snapshot (KafkaPublisher). */
    public void snapshotFailed() {
        failures.incrementAndGet();
    }

    public boolean succeeded() {
        return failures.get() == 0;
    }
}

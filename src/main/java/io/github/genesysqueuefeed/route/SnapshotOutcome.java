package io.github.genesysqueuefeed.route;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shared by a snapshot and all its batch exchanges (the split copies the property reference, not the object),
 * so a batch that was dead-lettered marks the whole snapshot as failed.
 */
public final class SnapshotOutcome {

    private final AtomicInteger failedBatches = new AtomicInteger();
    private final AtomicInteger events = new AtomicInteger();

    public void batchFailed() {
        failedBatches.incrementAndGet();
    }

    /** Something outside any batch failed: planning (discovery), or a Kafka send that was not acknowledged. */
    public void snapshotFailed() {
        failedBatches.incrementAndGet();
    }

    public boolean succeeded() {
        return failedBatches.get() == 0;
    }

    public void published(int count) {
        events.addAndGet(count);
    }

    public int failedBatches() {
        return failedBatches.get();
    }

    public int events() {
        return events.get();
    }
}

package io.github.genesysqueuefeed.feed;

import java.util.List;

/**
 * One org's snapshot to take: its batches, and the queues that left the feed since the previous snapshot (removed
 * in Genesys or filtered out), which get a tombstone so compacted consumers forget them.
 */
public record SnapshotPlan(String org, List<QueueBatch> batches, List<String> removedQueueIds) {
}

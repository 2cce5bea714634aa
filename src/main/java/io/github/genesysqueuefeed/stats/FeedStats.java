package io.github.genesysqueuefeed.stats;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What happened to one org's feed, counted: the numbers behind the logs, health and Prometheus metrics.
 * Plain counters, so processors can count without knowing how they are exported.
 */
public final class FeedStats {

    public final AtomicLong snapshotsOk = new AtomicLong();
    public final AtomicLong snapshotsFailed = new AtomicLong();
    /** Ticks skipped because the previous snapshot was still running (hung Genesys, Kafka outage). */
    public final AtomicLong snapshotsSkippedBusy = new AtomicLong();
    /** Ticks skipped because the circuit was open after repeated failures. */
    public final AtomicLong snapshotsSkippedCircuit = new AtomicLong();
    public final AtomicLong rateLimited = new AtomicLong();
    public final AtomicLong retryAfterWaitedMillis = new AtomicLong();
    public final AtomicLong retries = new AtomicLong();
    public final AtomicLong eventsPublished = new AtomicLong();
    public final AtomicLong deadLetters = new AtomicLong();
    private final Map<Integer, AtomicLong> apiCallsByStatus = new ConcurrentHashMap<>();
    private volatile Instant lastSuccessfulSnapshot;

    public void apiCall(int status) {
        apiCallsByStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    }

    public Map<Integer, AtomicLong> apiCallsByStatus() {
        return apiCallsByStatus;
    }

    public void snapshotSucceeded(Instant at) {
        snapshotsOk.incrementAndGet();
        lastSuccessfulSnapshot = at;
    }

    public Instant lastSuccessfulSnapshot() {
        return lastSuccessfulSnapshot;
    }
}

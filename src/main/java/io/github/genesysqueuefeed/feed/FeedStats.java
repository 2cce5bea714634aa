package io.github.genesysqueuefeed.feed;

import io.github.genesysqueuefeed.genesys.RateLimitRecorder;
import java.time.Duration;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;

/**
 * What happened to one org's feed, counted: the numbers behind the logs, health and Prometheus metrics.
 * Plain counters, so processors can count without knowing how they are exported.
 */
public final class FeedStats implements RateLimitRecorder {

    public final AtomicLong snapshotsOk = new AtomicLong();
    public final AtomicLong snapshotsFailed = new AtomicLong();
    /** Ticks skipped because the previous snapshot was still running (a hung Genesys). */
    public final AtomicLong snapshotsSkippedBusy = new AtomicLong();
    /** Ticks skipped because the circuit was open after repeated failures. */
    public final AtomicLong snapshotsSkippedCircuit = new AtomicLong();
    public final AtomicLong rateLimited = new AtomicLong();
    public final AtomicLong retryAfterWaitedMillis = new AtomicLong();
    public final AtomicLong retries = new AtomicLong();
    public final AtomicLong eventsPublished = new AtomicLong();
    public final AtomicLong deadLetters = new AtomicLong();
    /** Batches of this org's snapshots that ended in the dead letters or an Error: a snapshot with one failed. */
    public final AtomicLong batchesFailed = new AtomicLong();
    /** Snapshots dropped whole, oldest first, because more than kafka.outage.max-buffered waited for Kafka. */
    public final AtomicLong snapshotsDropped = new AtomicLong();
    private final Map<Integer, AtomicLong> apiCallsByStatus = new ConcurrentHashMap<>();
    private volatile Instant lastSuccessfulSnapshot;
    private volatile Instant lastProgress;
    private volatile Instant lastPushedFresh;
    private volatile boolean snapshotRunning;
    private volatile IntConsumer newStatusListener = status -> { };
    private volatile LongConsumer snapshotDurationListener = nanos -> { };

    public void apiCall(int status) {
        apiCallsByStatus.computeIfAbsent(status, s -> {
            newStatusListener.accept(s);
            return new AtomicLong();
        }).incrementAndGet();
    }

    /** Called once per HTTP status the first time it is seen (metrics register a counter for it). */
    public void onNewStatus(IntConsumer listener) {
        this.newStatusListener = listener;
        apiCallsByStatus.keySet().forEach(listener::accept);
    }

    public void onSnapshotDuration(LongConsumer listener) {
        this.snapshotDurationListener = listener;
    }

    public void snapshotDuration(long nanos) {
        snapshotDurationListener.accept(nanos);
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

    /**
     * The feed moved on: a snapshot completed (ok or failed), a tick was skipped by the open circuit (a decision, not
     * a hang), or a Genesys call started or got its answer. Liveness goes DOWN when this stops for too long.
     */
    /** Push mode: a tick found the org's notifications flowing, so its data is fresh without a snapshot. */
    public void pushedFresh(Instant at) {
        lastPushedFresh = at;
    }

    /** The latest moment the org's data was known fresh: a successful snapshot, or notifications flowing. */
    public Instant lastFresh() {
        Instant snapshot = lastSuccessfulSnapshot;
        Instant pushed = lastPushedFresh;
        if (snapshot == null || (pushed != null && pushed.isAfter(snapshot))) {
            return pushed;
        }
        return snapshot;
    }

    public void progressed(Instant at) {
        lastProgress = at;
    }

    public void snapshotRunning(boolean running) {
        snapshotRunning = running;
    }

    /** True from the tick that starts a snapshot until it ends (the circuit let it through). */
    public boolean isSnapshotRunning() {
        return snapshotRunning;
    }

    /** When the feed last moved on ({@link #progressed}); null before its first step. */
    public Instant lastProgress() {
        return lastProgress;
    }

    @Override
    public void rateLimited(Duration pause) {
        rateLimited.incrementAndGet();
        retryAfterWaitedMillis.addAndGet(pause.toMillis());
    }
}

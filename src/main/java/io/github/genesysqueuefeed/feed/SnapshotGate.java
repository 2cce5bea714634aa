package io.github.genesysqueuefeed.feed;

import io.github.genesysqueuefeed.config.Durations;
import io.github.genesysqueuefeed.feed.FeedStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, at each tick of one org's timer, whether a snapshot starts.
 *
 * <ul>
 *   <li>At most one snapshot per org runs: when the previous one is still running (a hung Genesys), the tick
 *   is skipped and counted, so snapshots never pile up in memory. A Kafka outage does not hold a snapshot: its
 *   records are handed to the publisher's bounded backlog (publish/KafkaPublisher).</li>
 *   <li>Circuit breaker: after {@code failureThreshold} consecutive failed snapshots the circuit opens and only
 *   one trial snapshot per {@code openPeriod} runs; the first successful one closes it again.</li>
 * </ul>
 */
public final class SnapshotGate {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotGate.class);

    public enum CircuitState { CLOSED, OPEN }

    private final String org;
    private final int failureThreshold;
    private final Duration openPeriod;
    private final Clock clock;
    private final FeedStats stats;
    private boolean running;
    private int consecutiveFailures;
    private Instant nextTrial = Instant.MIN;
    private CircuitState state = CircuitState.CLOSED;

    public SnapshotGate(String org, int failureThreshold, Duration openPeriod, Clock clock, FeedStats stats) {
        this.org = org;
        this.failureThreshold = failureThreshold;
        this.openPeriod = openPeriod;
        this.clock = clock;
        this.stats = stats;
    }

    /** @return true when a snapshot may start now; the caller must then call {@link #finished(boolean)}. */
    public synchronized boolean tryStart() {
        if (running) {
            stats.snapshotsSkippedBusy.incrementAndGet();
            LOG.warn("org '{}': previous snapshot still running, tick skipped ({} skipped so far)", org,
                    stats.snapshotsSkippedBusy.get());
            return false;
        }
        if (state == CircuitState.OPEN) {
            Instant now = clock.instant();
            if (now.isBefore(nextTrial)) {
                stats.snapshotsSkippedCircuit.incrementAndGet();
                stats.progressed(now);               // a deliberate skip: the feed is alive, Genesys is not
                return false;
            }
            nextTrial = now.plus(openPeriod);
        }
        running = true;
        return true;
    }

    public synchronized void finished(boolean succeeded) {
        running = false;
        if (succeeded) {
            if (state == CircuitState.OPEN) {
                LOG.info("org '{}': Genesys answers again, circuit closed; polling every period", org);
            }
            consecutiveFailures = 0;
            state = CircuitState.CLOSED;
            return;
        }
        consecutiveFailures++;
        if (state == CircuitState.CLOSED && consecutiveFailures >= failureThreshold) {
            state = CircuitState.OPEN;
            nextTrial = clock.instant().plus(openPeriod);
            LOG.warn("org '{}': {} snapshots failed in a row, circuit open: one trial snapshot every {} until one succeeds",
                    org, consecutiveFailures, Durations.format(openPeriod));
        }
    }

    public synchronized CircuitState circuitState() {
        return state;
    }

    public synchronized boolean isRunning() {
        return running;
    }
}

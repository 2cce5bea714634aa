package io.github.genesysqueuefeed.feed;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.time.Clock;
import java.util.function.BiConsumer;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the poll route around one snapshot: {@link #begin} at the tick, {@link #failIfBatchesFailed} as the
 * last step inside the circuit breaker, {@link #notTaken} as its fallback, {@link #finish} after it. They keep the
 * counters behind the metrics and health checks (ok, failed, skipped ticks, duration, progress).
 */
public final class SnapshotResults {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotResults.class);
    private static final String STARTED_NANOS = "snapshotStartedNanos";
    private static final String FAILED_BATCHES_BEFORE = "snapshotFailedBatchesBefore";
    private static final String OUTCOME = "snapshotOutcome";

    private final GenesysOrg org;
    private final Clock clock;
    private final BiConsumer<Error, String> errors;

    /** @param errors where an Error that ended a snapshot is reported (ops' FatalErrors: liveness DOWN, one line) */
    public SnapshotResults(GenesysOrg org, Clock clock, BiConsumer<Error, String> errors) {
        this.org = org;
        this.clock = clock;
        this.errors = errors;
    }

    public void begin(Exchange exchange) {
        exchange.setProperty(STARTED_NANOS, System.nanoTime());
        exchange.setProperty(FAILED_BATCHES_BEFORE, org.stats().batchesFailed.get());
        org.stats().snapshotRunning(true);
    }

    /** Batches of this org counted as failed since {@link #begin}: one org's snapshots never overlap (the timer). */
    public void failIfBatchesFailed(Exchange exchange) throws SnapshotFailedException {
        long failed = org.stats().batchesFailed.get() - exchange.getProperty(FAILED_BATCHES_BEFORE, 0L, Long.class);
        if (failed > 0) {
            throw new SnapshotFailedException(failed + " batches of the snapshot went to the dead letters");
        }
    }

    /** The circuit breaker's fallback: the circuit was open (tick skipped), or the snapshot failed. */
    public void notTaken(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null || failure instanceof CallNotPermittedException) {
            exchange.setProperty(OUTCOME, "skipped");
            org.stats().snapshotsSkippedCircuit.incrementAndGet();
            return;
        }
        exchange.setProperty(OUTCOME, "failed");
        Error error = errorIn(failure);
        if (error != null) {
            errors.accept(error, "the snapshot of org '" + org.alias() + "' (route " + exchange.getFromRouteId() + ")");
        } else if (!(failure instanceof SnapshotFailedException)) {  // a dead letter was logged for each batch
            LOG.warn("org '{}': snapshot failed: {}", org.alias(), failure.getMessage());
        }
    }

    public void finish(Exchange exchange) {
        org.stats().snapshotRunning(false);
        org.stats().progressed(clock.instant());   // a skip by the open circuit is a decision, not a hang
        String outcome = exchange.getProperty(OUTCOME, String.class);
        if ("skipped".equals(outcome)) {
            return;
        }
        long nanos = System.nanoTime() - exchange.getProperty(STARTED_NANOS, Long.class);
        org.stats().snapshotDuration(nanos);
        if ("failed".equals(outcome)) {
            org.stats().snapshotsFailed.incrementAndGet();
        } else {
            org.stats().snapshotSucceeded(clock.instant());
        }
        countSkippedTicks(nanos / 1_000_000);
    }

    /**
     * The timer never overlaps snapshots (it waits for the route): the ticks that fell while this one ran are the
     * ticks a fixed-rate schedule would have had to skip.
     */
    private void countSkippedTicks(long millis) {
        long period = Math.max(1, org.config().pollPeriod().toMillis());
        long skipped = millis > period ? (millis - 1) / period : 0;
        if (skipped > 0) {
            long total = org.stats().snapshotsSkippedBusy.addAndGet(skipped);
            LOG.warn("org '{}': snapshot took {} ms, longer than the poll period: {} ticks skipped ({} so far)",
                    org.alias(), millis, skipped, total);
        }
    }

    private static Error errorIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof Error error) {
                return error;
            }
        }
        return null;
    }
}

package io.github.genesysqueuefeed.feed;

import io.github.genesysqueuefeed.ops.FatalErrors;
import io.github.genesysqueuefeed.feed.GenesysOrg;
import io.github.genesysqueuefeed.feed.GenesysOrgs;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens and closes one org's snapshot around {@code direct:snapshot}: gate, outcome, counters. */
public final class SnapshotRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotRunner.class);
    public static final String OUTCOME = "snapshotOutcome";
    private static final String STARTED_NANOS = "snapshotStartedNanos";

    private final GenesysOrgs orgs;
    private final Clock clock;
    private final FatalErrors errors;

    public SnapshotRunner(GenesysOrgs orgs, Clock clock, FatalErrors errors) {
        this.orgs = orgs;
        this.clock = clock;
        this.errors = errors;
    }

    public boolean tryStart(@ExchangeProperty(FeedProperties.ORG) String org) {
        return orgs.get(org).gate().tryStart();
    }

    public void begin(Exchange exchange) {
        exchange.setProperty(OUTCOME, new SnapshotOutcome());
        exchange.setProperty(STARTED_NANOS, System.nanoTime());
    }

    /**
     * The snapshot itself failed (not one batch, which the dead letters handle): log it, count it in finish. An Error
     * (from this thread or a batch thread, handed back by the split) is logged once by {@link FatalErrors} instead.
     */
    public void failed(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.getProperty(OUTCOME, SnapshotOutcome.class).snapshotFailed();
        String org = exchange.getProperty(FeedProperties.ORG, String.class);
        Error error = FatalErrors.errorIn(failure);
        if (error != null) {
            errors.record(error, "the snapshot of org '" + org + "' (route " + exchange.getFromRouteId() + ")");
            return;
        }
        LOG.warn("org '{}': snapshot failed: {}", org, failure == null ? "unknown" : failure.getMessage());
    }

    public void finish(Exchange exchange) {
        GenesysOrg org = orgs.get(exchange.getProperty(FeedProperties.ORG, String.class));
        SnapshotOutcome outcome = exchange.getProperty(OUTCOME, SnapshotOutcome.class);
        boolean ok = outcome.succeeded();
        org.stats().snapshotDuration(System.nanoTime() - exchange.getProperty(STARTED_NANOS, Long.class));
        if (ok) {
            org.stats().snapshotSucceeded(clock.instant());
        } else {
            org.stats().snapshotsFailed.incrementAndGet();
        }
        org.stats().progressed(clock.instant());
        org.gate().finished(ok);
    }
}

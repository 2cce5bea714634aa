package io.github.genesysqueuefeed.ops;

import io.github.genesysqueuefeed.config.Durations;
import io.github.genesysqueuefeed.feed.GenesysOrg;
import io.github.genesysqueuefeed.feed.SnapshotCircuit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness of one org's feed: ready while its data is fresh: the last successful snapshot younger than three poll
 * periods, or (push mode) the notifications seen flowing within that time. Its details say which mode the org is
 * really in ({@code push}, or {@code poll} and why).
 * Not a liveness check: a Genesys outage makes the feed not ready, it does not make the JVM worth restarting.
 * Kafka reachability is Camel's own producer check (camel.health.producers-enabled).
 */
public final class FeedReadinessCheck extends FeedHealthCheck {

    private final GenesysOrg org;
    private final Clock clock;
    private final BooleanSupplier polling;
    private final Supplier<String> mode;

    /**
     * @param polling whether this instance polls the org; false on a follower under leader election, which is
     *                ready (able to take over) without snapshots of its own, or a rollout would never finish
     */
    public FeedReadinessCheck(GenesysOrg org, Clock clock, BooleanSupplier polling, Supplier<String> mode) {
        super("snapshots-" + org.alias(), false);
        this.org = org;
        this.clock = clock;
        this.polling = polling;
        this.mode = mode;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Duration maxAge = org.config().pollPeriod().multipliedBy(3);
        Instant last = org.stats().lastFresh();
        builder.detail("org", org.alias());
        builder.detail("mode", mode.get());
        builder.detail("circuit", org.circuit().getState().name());
        if (!polling.getAsBoolean()) {
            builder.detail("role", "follower");
            builder.message("org '" + org.alias() + "': follower, another instance polls").up();
            return;
        }
        if (last == null) {
            builder.message("org '" + org.alias() + "': no successful snapshot yet").down();
            return;
        }
        Duration age = Duration.between(last, clock.instant());
        builder.detail("lastSuccessfulSnapshot", last.toString());
        if (age.compareTo(maxAge) > 0) {
            builder.message("org '" + org.alias() + "': last successful snapshot " + Durations.format(
                    Duration.ofSeconds(age.toSeconds())) + " ago, more than 3 poll periods ("
                    + Durations.format(maxAge) + ")" + (SnapshotCircuit.isOpen(org.circuit())
                    ? "; circuit open" : "")).down();
            return;
        }
        builder.up();
    }
}

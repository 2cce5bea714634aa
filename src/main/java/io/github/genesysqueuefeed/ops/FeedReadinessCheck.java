package io.github.genesysqueuefeed.ops;

import io.github.genesysqueuefeed.config.Durations;
import io.github.genesysqueuefeed.feed.GenesysOrg;
import io.github.genesysqueuefeed.feed.SnapshotCircuit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one org's feed: ready while its last successful snapshot is younger than three poll periods.
 * Not a liveness check: a Genesys outage makes the feed not ready, it does not make the JVM worth restarting.
 * Kafka reachability is Camel's own producer check (camel.health.producers-enabled).
 */
public final class FeedReadinessCheck extends AbstractHealthCheck {

    private final GenesysOrg org;
    private final Clock clock;
    private final BooleanSupplier polling;

    /**
     * @param polling whether this instance polls the org; false on a follower under leader election, which is
     *                ready (able to take over) without snapshots of its own, or a rollout would never finish
     */
    public FeedReadinessCheck(GenesysOrg org, Clock clock, BooleanSupplier polling) {
        super("genesys-feed", "snapshots-" + org.alias());
        this.org = org;
        this.clock = clock;
        this.polling = polling;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Duration maxAge = org.config().pollPeriod().multipliedBy(3);
        Instant last = org.stats().lastSuccessfulSnapshot();
        builder.detail("org", org.alias());
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

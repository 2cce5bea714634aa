package io.github.genesysqueuefeed;

import io.github.genesysqueuefeed.config.FeedConfig;
import io.github.genesysqueuefeed.feed.GenesysOrg;
import io.github.genesysqueuefeed.feed.GenesysOrgs;
import io.github.genesysqueuefeed.ops.ExpectedRoutes;
import io.github.genesysqueuefeed.ops.FatalErrors;
import io.github.genesysqueuefeed.ops.FeedLivenessCheck;
import io.github.genesysqueuefeed.ops.FeedReadinessCheck;
import io.github.genesysqueuefeed.ops.SafeRouteReload;
import io.github.genesysqueuefeed.ops.SnapshotProgressCheck;
import java.time.Clock;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;

/** Wires the health checks (readiness and liveness per org, the feed's own liveness) and what they track. */
final class HealthWiring {

    private final FeedConfig config;
    private final GenesysOrgs orgs;
    private final Clock clock;
    private final FatalErrors errors;
    private final ExpectedRoutes expectedRoutes;

    HealthWiring(FeedConfig config, GenesysOrgs orgs, Clock clock, FatalErrors errors, ExpectedRoutes expectedRoutes) {
        this.config = config;
        this.orgs = orgs;
        this.clock = clock;
        this.errors = errors;
        this.expectedRoutes = expectedRoutes;
    }

    /** Per org: ready while it has recent snapshots, or while another instance is the one polling it. */
    void registerReadinessChecks(CamelContext context, CamelClusterService cluster, Function<String, String> modeOf) {
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        for (GenesysOrg org : orgs.all()) {
            String namespace = OrgPipelines.leadershipNamespace(org.alias());
            health.register(new FeedReadinessCheck(org, clock, () -> cluster == null || cluster.isLeader(namespace),
                    () -> modeOf.apply(org.alias())));
        }
    }

    /**
     * Liveness, kept apart from readiness: per org, whether the feed still moves on while this instance polls it; for
     * the feed, no Error on any thread and every route running.
     */
    void registerLivenessChecks(CamelContext context, CamelClusterService cluster) {
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        for (GenesysOrg org : orgs.all()) {
            String namespace = OrgPipelines.leadershipNamespace(org.alias());
            health.register(new SnapshotProgressCheck(org, clock, () -> cluster == null || cluster.isLeader(namespace),
                    config.livenessStuckAfter()));
        }
        health.register(new FeedLivenessCheck(errors, expectedRoutes));
    }

    /**
     * Once started, the running routes are the ones that must keep running (and, with reloading on, each routes file's
     * last good version); Errors on threads nobody catches are reported from then until the feed stops.
     */
    void trackLiveness(CamelContext context, SafeRouteReload reload) {
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStartedEvent) {
                    expectedRoutes.rememberRunning(context);
                    if (reload != null) {
                        reload.rememberRunning();
                    }
                    errors.listen();
                } else if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                    errors.stopListening();
                }
            }
        });
    }

    /**
     * On stop, batches waiting for the budget (a long Retry-After) give up at once, so graceful shutdown is not held
     * up by a wait whose call would come too late anyway.
     */
    void abandonBudgetWaitsOnStop(CamelContext context) {
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                    orgs.all().forEach(org -> org.budget().stop());
                }
            }
        });
    }
}

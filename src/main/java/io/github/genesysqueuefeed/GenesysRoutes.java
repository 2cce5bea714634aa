package io.github.genesysqueuefeed;

import io.github.genesysqueuefeed.feed.FeedProperties;
import io.github.genesysqueuefeed.feed.ObservationCall;
import io.github.genesysqueuefeed.feed.SnapshotResults;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.config.FeedConfig;
import io.github.genesysqueuefeed.config.OrgConfig;
import io.github.genesysqueuefeed.logging.OrgMdc;
import io.github.genesysqueuefeed.ops.FatalErrors;
import io.github.genesysqueuefeed.feed.GenesysOrgs;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The Java half of the pipeline: one poll timer per org (circuit breaker, one snapshot at a time), and the Genesys
 * call itself, where auth, budget and the 401 refresh read better as code. The flow ops edit (snapshot, publish, dead letters) is YAML
 * in {@code routes/}.
 */
public final class GenesysRoutes extends RouteBuilder {

    private final FeedConfig config;
    private final GenesysOrgs orgs;
    private final ObjectMapper json;
    private final Clock clock;
    private final FatalErrors errors;

    public GenesysRoutes(FeedConfig config, GenesysOrgs orgs, ObjectMapper json, Clock clock, FatalErrors errors) {
        this.config = config;
        this.orgs = orgs;
        this.json = json;
        this.clock = clock;
        this.errors = errors;
    }

    /**
     * The leader-election namespace of one org: one leader per org, so orgs may be spread over instances. It is the
     * alias itself: the cluster service adds the prefix (the Lease is {@code genesys-queue-feed-<org>}, the lock file
     * {@code <feed.ha.file.root>/<org>}).
     */
    public static String leadershipNamespace(String org) {
        return org;
    }

    @Override
    public void configure() {
        pollTimers();
        callObservations();
    }

    /**
     * Per org: a timer that runs the snapshot on its own thread and waits for it (synchronous: ticks never overlap,
     * never queue), the org's circuit breaker around it, and the snapshot's bookkeeping ({@link SnapshotResults}).
     * Java rather than YAML because there is one per configured org, and the leader-election prefix depends on
     * configuration.
     */
    private void pollTimers() {
        for (OrgConfig config : this.config.orgs()) {
            String alias = config.alias();
            SnapshotResults results = new SnapshotResults(orgs.get(alias), clock, errors::record);
            String timer = "timer:poll-" + alias + "?delay=0&synchronous=true&period=" + config.pollPeriod().toMillis();
            // with leader election on, only the instance that holds the org's lock runs its timer
            from(this.config.ha().enabled() ? "master:" + leadershipNamespace(alias) + ":" + timer : timer)
                    .routeId("poll-" + alias)
                    .setProperty(FeedProperties.ORG, constant(alias))
                    .process(OrgMdc::enter)                   // log lines carry org (MDC); the batch pool carries it on
                    .bean(results, "begin")
                    .circuitBreaker()
                        .resilience4jConfiguration().circuitBreaker(circuitName(alias)).end()
                        .bean("kafkaPublisher", "beginSnapshot")   // the snapshot's records are collected ...
                        .doTry()
                            .to("direct:snapshot")                // routes/queue-feed.yaml
                        .doFinally()
                            .bean("kafkaPublisher", "handOver")   // ... and handed over: Kafka is never waited for
                        .end()
                        .bean(results, "failIfBatchesFailed")     // a dead-lettered batch fails the snapshot
                    .endCircuitBreaker()
                    .onFallback()
                        .bean(results, "notTaken")                // circuit open (tick skipped), or the snapshot failed
                    .end()
                    .bean(results, "finish");
        }
    }

    /** The registry name of an org's circuit breaker (feed/SnapshotCircuit). */
    public static String circuitName(String org) {
        return "circuit-" + org;
    }

    /** A Genesys call starts or answers: the feed is moving, even while a long snapshot retries a hanging Genesys. */
    private void progressed(Exchange exchange) {
        orgs.get(exchange.getProperty(FeedProperties.ORG, String.class)).stats().progressed(clock.instant());
    }

    /**
     * The HTTP call itself, one attempt: budget, token, POST, one token refresh on 401, status check, all in
     * {@link ObservationCall} through the org's one Genesys client. No retry here: the error policy genesys-errors in routes/queue-feed.yaml.
     */
    private void callObservations() {
        from("direct:call-observations").routeId("call-observations")
                .errorHandler(noErrorHandler())              // failures go back to the error policy genesys-errors in routes/queue-feed.yaml
                .process(this::progressed)                   // liveness: a call starts (each is bounded by its deadline)
                .process(new ObservationCall(orgs))          // non-2xx -> exception (429 pauses the token)
                .process(this::progressed);                  // liveness: Genesys answered
    }
}

package io.github.genesysqueuefeed;

import io.github.genesysqueuefeed.feed.FeedProperties;
import io.github.genesysqueuefeed.feed.ObservationCall;
import io.github.genesysqueuefeed.feed.SnapshotRunner;

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
 * The Java half of the pipeline: one poll timer per org, and the Genesys call itself, where auth, budget,
 * retries and the 401 refresh read better as code. The flow ops edit (snapshot, publish, dead letters) is YAML
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

    /** Per org: a timer, and the org's own snapshot thread behind a gate. */
    private void pollTimers() {
        SnapshotRunner runner = new SnapshotRunner(orgs, clock, errors);
        for (OrgConfig org : config.orgs()) {
            // Fixed rate, and the timer never waits for the snapshot: the gate skips (and counts) a tick while the
            // previous snapshot still runs or the circuit is open; the snapshot itself runs on the org's own thread.
            String timer = "timer:poll-" + org.alias() + "?delay=0&fixedRate=true&period=" + org.pollPeriod().toMillis();
            // with leader election on, only the instance that holds the org's lock runs its timer
            from(config.ha().enabled() ? "master:" + leadershipNamespace(org.alias()) + ":" + timer : timer)
                    .routeId("poll-" + org.alias())
                    .setProperty(FeedProperties.ORG, constant(org.alias()))
                    .process(OrgMdc::enter)                   // log lines carry org (MDC); this thread is the org's own
                    .filter(method(runner, "tryStart"))
                        .to("seda:snapshot-" + org.alias() + "?waitForTaskToComplete=Never");

            from("seda:snapshot-" + org.alias() + "?concurrentConsumers=1")
                    .routeId("snapshot-" + org.alias())
                    .process(OrgMdc::enter)                   // so is this one; the batch pool carries it on (OrgMdc)
                    .process(runner::begin)
                    .bean("kafkaPublisher", "beginSnapshot")  // the snapshot's records are collected ...
                    .doTry()
                        .to("direct:snapshot")                // routes/queue-feed.yaml
                    // Throwable, not Exception: an Error (here or handed back by the split from a batch thread) must
                    // still end the snapshot as failed, or every later tick is "previous snapshot still running"
                    .doCatch(Throwable.class)
                        .process(runner::failed)              // e.g. discovery impossible (Kafka never fails a snapshot: KafkaPublisher holds it)
                    .doFinally()
                        .bean("kafkaPublisher", "handOver")   // ... and handed to the publisher: Kafka is never waited for
                        .process(runner::finish)              // success or failure, the gate opens again
                    .end();
        }
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

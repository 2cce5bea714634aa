package io.github.genesysqueuefeed.ops;

import io.github.genesysqueuefeed.config.FeedConfig;
import io.github.genesysqueuefeed.feed.GenesysOrg;
import io.github.genesysqueuefeed.feed.GenesysOrgs;
import io.github.genesysqueuefeed.publish.KafkaPublisher;
import io.github.genesysqueuefeed.feed.SnapshotCircuit;
import io.github.genesysqueuefeed.feed.FeedStats;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * Publishes each org's {@link FeedStats} as Prometheus series (served at {@code /observe/metrics}), all with an
 * {@code org} label. The meters read the counters the pipeline already keeps, so counting costs nothing extra.
 * Names, as Prometheus shows them, are listed in README.md ("Operations").
 */
public final class FeedMetrics {

    private FeedMetrics() {
    }

    public static void register(MeterRegistry registry, GenesysOrgs orgs, FeedConfig config, Clock clock) {
        Instant started = clock.instant();
        // resilience4j's own series of the snapshot circuit breakers: state, calls by outcome, failure rate
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(orgs.circuits()).bindTo(registry);
        for (GenesysOrg org : orgs.all()) {
            String alias = org.alias();
            FeedStats stats = org.stats();
            snapshots(registry, alias, "ok", stats.snapshotsOk);
            snapshots(registry, alias, "failed", stats.snapshotsFailed);
            snapshots(registry, alias, "skipped_busy", stats.snapshotsSkippedBusy);
            snapshots(registry, alias, "skipped_circuit", stats.snapshotsSkippedCircuit);
            counter(registry, "genesys.feed.rate.limited", "HTTP 429 answers from Genesys", alias, stats.rateLimited);
            counter(registry, "genesys.feed.retries", "Batch redeliveries after 429, 5xx or timeouts", alias, stats.retries);
            counter(registry, "genesys.feed.dead.letters", "Batches written to the dead-letter topic", alias, stats.deadLetters);
            counter(registry, "genesys.feed.snapshots.dropped", "Snapshots dropped whole, oldest first, while Kafka was "
                    + "away and more than kafka.outage.max-buffered waited", alias, stats.snapshotsDropped);
            FunctionCounter.builder("genesys.feed.retry.after.wait", stats.retryAfterWaitedMillis, v -> v.get() / 1000.0)
                    .description("Seconds every call of the token was paused for Retry-After or 429 back-off")
                    .baseUnit("seconds").tag("org", alias).register(registry);
            FunctionCounter.builder("genesys.feed.token.fetches", org.tokens(), t -> t.fetchCount())
                    .description("OAuth client-credentials token requests").tag("org", alias).register(registry);
            FunctionCounter.builder("genesys.feed.events.published", stats.eventsPublished, AtomicLong::get)
                    .description("Queue-status events acknowledged by Kafka")
                    .tag("org", alias).tag("topic", config.statusTopic()).register(registry);
            stats.onNewStatus(status -> FunctionCounter.builder("genesys.feed.api.calls", stats,
                            s -> s.apiCallsByStatus().get(status).get())
                    .description("Observation API calls by HTTP status").tag("org", alias)
                    .tag("status", Integer.toString(status)).register(registry));
            Timer duration = Timer.builder("genesys.feed.snapshot.duration")
                    .description("From the tick to the snapshot's records handed to the Kafka publisher (or the failure)")
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                    .maximumExpectedValue(Duration.ofMinutes(2)).tag("org", alias).register(registry);
            stats.onSnapshotDuration(nanos -> duration.record(nanos, TimeUnit.NANOSECONDS));
            gauge(registry, "genesys.feed.data.age", "Seconds since the data was last known fresh: a successful snapshot, or (push mode) notifications flowing",
                    alias, stats, s -> Duration.between(
                            s.lastFresh() == null ? started : s.lastFresh(), clock.instant())
                            .toMillis() / 1000.0, "seconds");
            gauge(registry, "genesys.feed.queues.tracked", "Queues in each snapshot", alias, org,
                    o -> o.queues().size(), null);
            gauge(registry, "genesys.feed.circuit.open", "1 while the circuit is open after repeated failures", alias,
                    org.circuit(), c -> SnapshotCircuit.isOpen(c) ? 1 : 0, null);
        }
    }

    /**
     * What waits for Kafka. No org label: one backlog serves every org (one producer, oldest first across orgs),
     * so its size is the feed's, not an org's; what each org lost is {@code genesys_feed_snapshots_dropped_total}.
     */
    public static void registerPublisher(MeterRegistry registry, KafkaPublisher publisher) {
        Gauge.builder("genesys.feed.outage.buffered.snapshots", publisher, KafkaPublisher::heldSnapshots)
                .description("Snapshots handed over for Kafka and not yet acknowledged (held while Kafka is away)")
                .register(registry);
        Gauge.builder("genesys.feed.outage.buffered", publisher, KafkaPublisher::heldBytes)
                .description("Compressed bytes of the snapshots held for Kafka (bounded by kafka.outage.max-buffered)")
                .baseUnit("bytes").register(registry);
    }

    private static void snapshots(MeterRegistry registry, String org, String outcome, AtomicLong value) {
        FunctionCounter.builder("genesys.feed.snapshots", value, AtomicLong::get)
                .description("Snapshots by outcome: ok, failed, skipped_busy (ticks that fell while the previous one ran), skipped_circuit")
                .tag("org", org).tag("outcome", outcome).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, String org, AtomicLong value) {
        FunctionCounter.builder(name, value, AtomicLong::get).description(description).tag("org", org).register(registry);
    }

    private static <T> void gauge(MeterRegistry registry, String name, String description, String org, T target,
                                  ToDoubleFunction<T> value, String unit) {
        Gauge.Builder<T> builder = Gauge.builder(name, target, value).description(description).tag("org", org);
        if (unit != null) {
            builder.baseUnit(unit);
        }
        builder.register(registry);
    }
}

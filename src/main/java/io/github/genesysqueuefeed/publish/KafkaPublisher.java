package io.github.genesysqueuefeed.publish;

import io.github.genesysqueuefeed.config.FeedConfig;
import io.github.genesysqueuefeed.feed.GenesysOrgs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Why this is long: most of it is the class comment, the publishing design in one place; the code is the public API
 * and the lifecycle, the work is in the classes it names.
 *
 * <p>Everything the feed writes to Kafka leaves through here: status events, tombstones, alerts and dead letters, on
 * ONE camel-kafka producer ({@code kafka:<status topic>}, the topic chosen per record with
 * {@link KafkaConstants#OVERRIDE_TOPIC}), so the feed's Kafka memory is one {@code kafka.producer.buffer-memory}.
 *
 * <p>Polling never waits for Kafka. The routes collect a snapshot's records ({@link #beginSnapshot},
 * {@link #publish}; {@link SnapshotRecords}) and {@link #handOver} them at the end of the snapshot:
 * they are checked against {@code max.request.size} ({@link RecordSizeCheck}: an oversized record becomes a dead
 * letter, the rest go on), compressed and queued in an {@link OutageBacklog} ({@link BacklogHandOver}). One sender
 * thread ({@link KafkaSender}) takes the oldest snapshot, sends all its records and waits for every acknowledgement
 * ({@link SendAttempt}) before it takes the next, so each queue's events reach Kafka in the order they were observed. A record that fails is sent again (and only that record: the acknowledged ones are
 * done), with back-off from 1 s to 15 s, for as long as it takes; while Kafka is away, one record probes the
 * broker before the rest follow. The producer's own delivery-timeout-ms and max-block-ms only bound one attempt.
 *
 * <p>Why a thread of its own and not a Camel EIP: no Camel queue (seda) bounds what waits in bytes or drops the
 * oldest (see {@link OutageBacklog}), and the Kafka producer's buffer blocks its caller. Graceful shutdown: this
 * service stops after the routes, so the last snapshot is handed over; it then delivers what it can within the
 * shutdown timeout and logs what it drops.
 */
public final class KafkaPublisher {

    /** Exchange property: the records of the snapshot being taken (shared by its batch exchanges). */
    public static final String SNAPSHOT_RECORDS = "snapshotRecords";
    /**
     * Exchange property, optional: the {@link Instant} a pushed notification arrived. Carried by the records handed
     * over with it; once they are all acknowledged, {@link #onAcknowledged}'s listener hears the latency.
     */
    public static final String RECEIVED_AT = "pushReceivedAt";

    private final CamelContext camelContext;
    private final FeedConfig config;
    private final KafkaAway away = new KafkaAway();
    private final BacklogHandOver held;
    private final SnapshotRecords snapshotRecords;
    private final KafkaSender sender;
    private AsyncProducer producer;

    public KafkaPublisher(CamelContext camelContext, FeedConfig config, GenesysOrgs orgs, DeadLetters deadLetters,
                          KafkaProblems problems, Clock clock) {
        this.camelContext = camelContext;
        this.config = config;
        RecordSizeCheck sizeCheck = new RecordSizeCheck(deadLetters, config.producer().maxRequestSize(),
                config.deadLetterTopic());
        this.held = new BacklogHandOver(config.producer().outageMaxBuffered(), orgs, away, clock);
        this.snapshotRecords = new SnapshotRecords(SNAPSHOT_RECORDS, sizeCheck, held::add);
        this.sender = new KafkaSender(held, new SendAttempt(camelContext, config.statusTopic(), orgs, sizeCheck,
                problems, away, held, clock), problems, away);
    }

    /** The one Kafka endpoint of the feed. */
    public String endpointUri() {
        return "kafka:" + config.statusTopic();
    }

    // --- called by the routes, on snapshot threads ---------------------------------------------------------------

    /** A snapshot starts: its records are collected until {@link #handOver}. */
    public void beginSnapshot(Exchange exchange) {
        snapshotRecords.begin(exchange);
    }

    /**
     * Records for {@code topic}: the body is the list StatusRecords, Tombstones or AlertRecords built, or one dead
     * letter as DeadLetters built it. The routes name the topic ({@code publish('{{kafka.topic.status}}', *)}), so
     * ops can still choose it in the YAML; every topic leaves through the same producer.
     */
    public void publish(String topic, Exchange exchange) {
        snapshotRecords.collect(exchange, topic);
    }

    /** The snapshot is over (success or failure): its records go to the backlog; the route does not wait. */
    public void handOver(Exchange exchange) {
        snapshotRecords.end(exchange);
    }

    /**
     * Called on the sender thread with the org and the time from {@code RECEIVED_AT} to the acknowledgement of the
     * last record handed over with it (the change-to-publish latency); must not block. One listener; null removes it.
     */
    public void onAcknowledged(BiConsumer<String, Duration> listener) {
        held.onAcknowledged(listener);
    }

    // --- what operators see ----------------------------------------------------------------------------------------

    /** Snapshots waiting for Kafka, the one being sent included. */
    public int heldSnapshots() {
        return held.heldSnapshots();
    }

    /** Compressed bytes waiting for Kafka, the snapshot being sent included. */
    public long heldBytes() {
        return held.heldBytes();
    }

    /** When the current outage began (the first attempt not acknowledged in time, or failed), or empty. */
    public Optional<Instant> awaySince() {
        return away.since();
    }

    // --- lifecycle ---------------------------------------------------------------------------------------------

    /**
     * Starts the publisher when the context starts (before the routes; a producer that cannot be created, e.g. an
     * unresolvable broker, fails the start) and stops it once the routes have stopped, so the last snapshot is handed
     * over before the backlog is flushed. Not a Service of its own: a {@code bean:} step stops a bean that is a
     * Service when its route stops.
     */
    public void attachTo(CamelContext context) {
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStarting(CamelContext started) {
                try {
                    start();
                } catch (Exception e) {
                    throw RuntimeCamelException.wrapRuntimeCamelException(e);
                }
            }
        });
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) throws Exception {
                if (event instanceof CamelEvent.CamelContextRoutesStoppedEvent) {
                    stop();
                }
            }
        });
    }

    void start() throws Exception {
        Endpoint endpoint = camelContext.getEndpoint(endpointUri());
        producer = endpoint.createAsyncProducer();
        ServiceHelper.startService(producer); // creates the KafkaProducer now: a bad broker address stops start-up
        sender.start(producer);
    }

    void stop() throws Exception {
        if (producer == null || !sender.isStarted()) {
            return;
        }
        try {
            sender.flushAndStop(camelContext.getShutdownStrategy().getTimeUnit()
                    .toMillis(camelContext.getShutdownStrategy().getTimeout()));
        } finally {
            ServiceHelper.stopService(producer);
            producer = null;
        }
    }
}

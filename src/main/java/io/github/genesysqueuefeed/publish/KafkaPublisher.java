package io.github.genesysqueuefeed.publish;

import io.github.genesysqueuefeed.config.FeedConfig;
import io.github.genesysqueuefeed.feed.GenesysOrg;
import io.github.genesysqueuefeed.feed.GenesysOrgs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the feed writes to Kafka leaves through here: status events, tombstones, alerts and dead letters, on
 * ONE camel-kafka producer ({@code kafka:<status topic>}, the topic chosen per record with
 * {@link KafkaConstants#OVERRIDE_TOPIC}), so the feed's Kafka memory is one {@code kafka.producer.buffer-memory}.
 *
 * <p>Polling never waits for Kafka. The routes collect a snapshot's records ({@link #beginSnapshot},
 * {@link #publish}) and {@link #handOver} them at the end of the snapshot:
 * they are checked against {@code max.request.size} (an oversized record becomes a dead letter, the rest go on),
 * compressed and queued in an {@link OutageBacklog}. One sender thread takes the oldest snapshot, sends all its
 * records and waits for every acknowledgement before it takes the next, so each queue's events reach Kafka in the
 * order they were observed. A record that fails is sent again (and only that record: the acknowledged ones are
 * done), with back-off from 1 s to 15 s, for as long as it takes; while Kafka is away, one record probes the
 * broker before the rest follow. The producer's own delivery-timeout-ms and max-block-ms only bound one attempt.
 *
 * <p>Why a thread of its own and not a Camel EIP: no Camel queue (seda) bounds what waits in bytes or drops the
 * oldest (see {@link OutageBacklog}), and the Kafka producer's buffer blocks its caller. Graceful shutdown: this
 * service stops after the routes, so the last snapshot is handed over; it then delivers what it can within the
 * shutdown timeout and logs what it drops.
 */
public final class KafkaPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPublisher.class);
    /** Exchange property: the records of the snapshot being taken (shared by its batch exchanges). */
    public static final String SNAPSHOT_RECORDS = "snapshotRecords";
    /** An attempt not acknowledged within this long means Kafka is away (a healthy broker acks in milliseconds). */
    static final Duration AWAY_AFTER = Duration.ofSeconds(10);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(15);
    private static final Duration DROP_LOG_EVERY = Duration.ofMinutes(1);

    private final CamelContext camelContext;
    private final FeedConfig config;
    private final GenesysOrgs orgs;
    private final DeadLetters deadLetters;
    private final KafkaProblems problems;
    private final Clock clock;
    private final int maxRequestSize;
    private final OutageBacklog backlog;
    private final Object sleeper = new Object();
    private Endpoint endpoint;
    private AsyncProducer producer;
    private Thread sender;
    private volatile boolean stopping;
    private volatile HeldSnapshot inFlight;
    private volatile Instant awaySince;
    private volatile Instant lastDropLogged;

    public KafkaPublisher(CamelContext camelContext, FeedConfig config, GenesysOrgs orgs, DeadLetters deadLetters,
                          KafkaProblems problems, Clock clock) {
        this.camelContext = camelContext;
        this.config = config;
        this.orgs = orgs;
        this.deadLetters = deadLetters;
        this.problems = problems;
        this.clock = clock;
        this.maxRequestSize = config.producer().maxRequestSize();
        this.backlog = new OutageBacklog(config.producer().outageMaxBuffered());
    }

    /** The one Kafka endpoint of the feed. */
    public String endpointUri() {
        return "kafka:" + config.statusTopic();
    }

    // --- called by the routes, on snapshot threads ---------------------------------------------------------------

    /** A snapshot starts: its records are collected until {@link #handOver}. */
    public void beginSnapshot(Exchange exchange) {
        exchange.setProperty(SNAPSHOT_RECORDS, Collections.synchronizedList(new ArrayList<OutgoingRecord>()));
    }

    /**
     * Records for {@code topic}: the body is the list StatusRecords, Tombstones or AlertRecords built, or one dead
     * letter as DeadLetters built it. The routes name the topic ({@code publish('{{kafka.topic.status}}', *)}), so
     * ops can still choose it in the YAML; every topic leaves through the same producer.
     */
    public void publish(String topic, Exchange exchange) {
        collect(exchange, topic);
    }

    /** The snapshot is over (success or failure): its records go to the backlog; the route does not wait. */
    @SuppressWarnings("unchecked")
    public void handOver(Exchange exchange) {
        List<OutgoingRecord> records = exchange.getProperty(SNAPSHOT_RECORDS, List.class);
        exchange.removeProperty(SNAPSHOT_RECORDS);
        if (records != null) {
            List<OutgoingRecord> copy;
            synchronized (records) {
                copy = List.copyOf(records);
            }
            enqueue(copy);
        }
    }

    @SuppressWarnings("unchecked")
    private void collect(Exchange exchange, String topic) {
        List<OutgoingRecord> records = new ArrayList<>();
        Object body = exchange.getMessage().getBody();
        if (body instanceof List<?> list) {
            for (Object element : list) {
                records.add(checked(toRecord(topic, ((Exchange) element).getMessage())));
            }
        } else {
            records.add(checked(toRecord(topic, exchange.getMessage())));
        }
        List<OutgoingRecord> snapshot = exchange.getProperty(SNAPSHOT_RECORDS, List.class);
        if (snapshot != null) {
            snapshot.addAll(records);
        } else {
            enqueue(records); // outside a snapshot: a unit of its own
        }
    }

    private static OutgoingRecord toRecord(String topic, Message message) {
        Map<String, String> headers = new java.util.HashMap<>();
        for (String name : new String[] {"org", "eventType", "content-type"}) {
            String value = message.getHeader(name, String.class);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return new OutgoingRecord(topic, message.getHeader(KafkaConstants.KEY, String.class), headers,
                message.getBody(String.class));
    }

    /** A record the producer would refuse as too large becomes a dead letter that says so (case 11.10). */
    private OutgoingRecord checked(OutgoingRecord record) {
        int size = record.sizeInBytes();
        return size <= maxRequestSize ? record
                : deadLetters.oversized(record, size, maxRequestSize, config.deadLetterTopic());
    }

    private void enqueue(List<OutgoingRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        String org = records.get(0).org();
        List<HeldSnapshot> dropped = backlog.add(HeldSnapshot.of(org, records));
        if (!dropped.isEmpty()) {
            dropped(dropped, "more than kafka.outage.max-buffered (" + backlog.maxBytes() + " bytes) held");
        }
    }

    private void dropped(List<HeldSnapshot> dropped, String why) {
        int recordCount = 0;
        for (HeldSnapshot snapshot : dropped) {
            recordCount += snapshot.recordCount();
            Optional.ofNullable(snapshot.org()).map(this::orgOrNull)
                    .ifPresent(org -> org.stats().snapshotsDropped.incrementAndGet());
        }
        Instant now = clock.instant();
        Instant logged = lastDropLogged;
        if (logged == null || !now.isBefore(logged.plus(DROP_LOG_EVERY))) {
            lastDropLogged = now;
            LOG.warn("kafka {}: {} oldest snapshot(s) ({} records) dropped, {}; {} snapshots ({} bytes) still held "
                    + "(logged at most once a minute; genesys_feed_snapshots_dropped_total counts them all)",
                    awaySince == null ? "not acknowledging" : "away since " + awaySince, dropped.size(), recordCount,
                    why, heldSnapshots(), heldBytes());
        }
    }

    private GenesysOrg orgOrNull(String alias) {
        return orgs.all().stream().filter(o -> o.alias().equals(alias)).findFirst().orElse(null);
    }

    // --- what operators see ----------------------------------------------------------------------------------------

    /** Snapshots waiting for Kafka, the one being sent included. */
    public int heldSnapshots() {
        return backlog.size() + (inFlight == null ? 0 : 1);
    }

    /** Compressed bytes waiting for Kafka, the snapshot being sent included. */
    public long heldBytes() {
        HeldSnapshot sending = inFlight;
        return backlog.bytes() + (sending == null ? 0 : sending.bytes());
    }

    /** When the current outage began (the first attempt not acknowledged in time, or failed), or empty. */
    public Optional<Instant> awaySince() {
        return Optional.ofNullable(awaySince);
    }

    // --- the sender --------------------------------------------------------------------------------------------

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
                    throw org.apache.camel.RuntimeCamelException.wrapRuntimeCamelException(e);
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
        endpoint = camelContext.getEndpoint(endpointUri());
        producer = endpoint.createAsyncProducer();
        ServiceHelper.startService(producer); // creates the KafkaProducer now: a bad broker address stops start-up
        stopping = false;
        sender = new Thread(this::sendLoop, "kafka-publisher");
        sender.setDaemon(true);
        sender.start();
    }

    void stop() throws Exception {
        if (producer == null || sender == null) {
            return;
        }
        try {
            flushAndStop();
        } finally {
            ServiceHelper.stopService(producer);
            producer = null;
        }
    }

    private void flushAndStop() throws InterruptedException {
        long timeoutMillis = camelContext.getShutdownStrategy().getTimeUnit()
                .toMillis(camelContext.getShutdownStrategy().getTimeout());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis); // elapsed, not wall-clock
        while (heldSnapshots() > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
        }
        stopping = true;
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        sender.interrupt();
        sender.join(5_000);
        List<HeldSnapshot> left = new ArrayList<>(backlog.clear());
        HeldSnapshot unsent = inFlight;
        if (unsent != null) {
            left.add(0, unsent); // partly acknowledged, perhaps
        }
        if (!left.isEmpty()) {
            int records = left.stream().mapToInt(HeldSnapshot::recordCount).sum();
            LOG.warn("kafka: shutdown after {} ms: {} snapshot(s) ({} records) not delivered, dropped",
                    timeoutMillis, left.size(), records);
        }
    }

    private void sendLoop() {
        while (!stopping) {
            try {
                HeldSnapshot next = backlog.takeOldest(200, TimeUnit.MILLISECONDS);
                if (next == null) {
                    continue;
                }
                inFlight = next;
                if (!deliver(next.records())) {
                    return; // shutdown: doStop reports what was left in flight
                }
                inFlight = null;
            } catch (InterruptedException e) {
                return; // shutdown
            } catch (RuntimeException | Error e) {
                // never let the one sender die silently: the backlog would fill and drop while nothing is sent
                LOG.error("kafka publisher: unexpected failure, the snapshot being sent is dropped", e);
                inFlight = null;
            }
        }
    }

    /** Sends until every record is acknowledged (true); returns false early only on shutdown. */
    private boolean deliver(List<OutgoingRecord> records) throws InterruptedException {
        List<OutgoingRecord> pending = records;
        Duration backoff = FIRST_BACKOFF;
        while (!pending.isEmpty() && !stopping) {
            // while Kafka is away, one record probes it: a missing topic costs max.block.ms once, not per record
            boolean probe = awaySince != null && pending.size() > 1;
            List<OutgoingRecord> attempt = probe ? pending.subList(0, 1) : pending;
            Attempt result = send(attempt);
            List<OutgoingRecord> next = new ArrayList<>(result.failed);
            if (probe) {
                next.addAll(pending.subList(1, pending.size()));
            }
            if (result.failure == null) {
                if (awaySince != null) {
                    LOG.info("kafka: acknowledging again (away since {}); {} snapshots ({} bytes) held to deliver",
                            awaySince, heldSnapshots(), heldBytes());
                    awaySince = null;
                }
                problems.succeeded();
                backoff = FIRST_BACKOFF;
            } else {
                if (awaySince == null) {
                    awaySince = result.started;
                }
                problems.failed(result.failure);
                synchronized (sleeper) {
                    if (!stopping) {
                        sleeper.wait(backoff.toMillis());
                    }
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
            pending = next;
        }
        return pending.isEmpty();
    }

    private record Attempt(Instant started, List<OutgoingRecord> failed, Throwable failure) {
    }

    /** One attempt: every record sent at once, then every acknowledgement awaited. */
    private Attempt send(List<OutgoingRecord> records) throws InterruptedException {
        Instant started = clock.instant();
        List<CompletableFuture<Exchange>> sends = new ArrayList<>(records.size());
        for (OutgoingRecord record : records) {
            Exchange exchange = exchange(record);
            CompletableFuture<Exchange> done = new CompletableFuture<>();
            try {
                producer.process(exchange, doneSync -> done.complete(exchange));
            } catch (RuntimeException e) {
                exchange.setException(e);
                done.complete(exchange);
            }
            sends.add(done);
        }
        boolean reportedSlow = false;
        List<OutgoingRecord> failed = new ArrayList<>();
        Throwable failure = null;
        for (int i = 0; i < sends.size(); i++) {
            Exchange exchange = null;
            while (exchange == null) {
                try {
                    exchange = sends.get(i).get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    if (stopping) {
                        throw new InterruptedException("shutdown");
                    }
                    if (!reportedSlow && Duration.between(started, clock.instant()).compareTo(AWAY_AFTER) > 0) {
                        reportedSlow = true;
                        if (awaySince == null) {
                            awaySince = started;
                        }
                        problems.failed(new org.apache.kafka.common.errors.TimeoutException("no acknowledgement "
                                + "for " + AWAY_AFTER.toSeconds() + " s; " + heldSnapshots() + " snapshots ("
                                + heldBytes() + " bytes) held"));
                    }
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e); // never completed exceptionally
                }
            }
            OutgoingRecord record = records.get(i);
            Exception error = exchange.getException();
            if (error == null) {
                acknowledged(record);
            } else if (causedBy(error, RecordTooLargeException.class)) {
                // the broker's own limit is smaller than max.request.size: this record can never be written
                // (not a Kafka outage: the dead letter goes out in the next round, without back-off)
                failed.add(deadLetters.oversized(record, record.sizeInBytes(), -1, config.deadLetterTopic()));
            } else {
                failed.add(record);
                failure = failure == null ? error : failure;
            }
        }
        return new Attempt(started, failed, failure);
    }

    private Exchange exchange(OutgoingRecord record) {
        Exchange exchange = new DefaultExchange(camelContext);
        Message message = exchange.getIn();
        record.headers().forEach(message::setHeader);
        message.setHeader(KafkaConstants.KEY, record.key());
        message.setHeader(KafkaConstants.OVERRIDE_TOPIC, record.topic());
        message.setBody(record.value());
        return exchange;
    }

    private void acknowledged(OutgoingRecord record) {
        if (record.topic().equals(config.statusTopic()) && record.value() != null && record.org() != null) {
            GenesysOrg org = orgOrNull(record.org());
            if (org != null) {
                org.stats().eventsPublished.incrementAndGet();
            }
        }
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}

package io.github.genesysqueuefeed.bench;

import io.github.genesysqueuefeed.FeedApplication;
import io.github.genesysqueuefeed.config.ConfigSource;
import io.github.genesysqueuefeed.config.Durations;
import io.github.genesysqueuefeed.feed.BatchSizing;
import io.github.genesysqueuefeed.demo.GenesysSimulator;
import io.github.genesysqueuefeed.feed.GenesysOrg;
import io.github.genesysqueuefeed.feed.GenesysOrgs;
import io.github.genesysqueuefeed.support.Feed;
import io.github.genesysqueuefeed.support.KafkaTestBroker;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code ./mvnw -q -Pbench -Dbench.queues=5000 -Dbench.snapshots=10}: the real feed (FeedApplication, the YAML
 * routes, the JDK HTTP client, camel-kafka) against a simulated org of N queues (voice and chat) and an in-JVM broker,
 * for K snapshots, then the same records through a bare KafkaProducer as the ceiling. Prints one table.
 *
 * <p>Timing comes from two clocks of this one JVM: the simulator logs when each observations query arrived
 * and when its response was written; the status topic is created with {@code message.timestamp.type=
 * LogAppendTime}, so every record carries the moment the broker appended it (with one replica and acks=all,
 * that is when it was acknowledged). Memory figures are for the whole JVM: feed, broker, simulator and the
 * reading consumer together.
 *
 * <p>Settings (system properties): {@code bench.queues} (5000), {@code bench.snapshots} (10),
 * {@code bench.poll-period} (10s), {@code bench.batch-size} (100), {@code bench.requests-per-minute} (240),
 * {@code bench.media} (voice,chat); any feed key as {@code -Dgenesys.parallel-batches=1} etc. is not read here:
 * pass it in {@code bench.feed} as {@code key=value;key=value}. Demo-folder code (src/demo/java): never in the jar.
 */
public final class QueueFeedBenchmark {

    /** What one run measured; {@link #table()} prints it. */
    public record Result(Map<String, String> settings, Map<String, String> rows) {

        public String table() {
            StringBuilder out = new StringBuilder();
            out.append("| setting | value |\n|---|---|\n");
            settings.forEach((k, v) -> out.append("| ").append(k).append(" | ").append(v).append(" |\n"));
            out.append("\n| measure | value |\n|---|---|\n");
            rows.forEach((k, v) -> out.append("| ").append(k).append(" | ").append(v).append(" |\n"));
            return out.toString();
        }
    }

    private final int queues;
    private final int snapshots;
    private final Duration pollPeriod;
    /** What the feed really uses: genesys.batch-size, grown by BatchSizing when the budget needs it. */
    private final int batchSize;
    private final int configuredBatchSize;
    private final int requestsPerMinute;
    private final List<String> media;
    private final PrintStream log;
    private String feedParallelBatches = "?";

    public QueueFeedBenchmark(int queues, int snapshots, Duration pollPeriod, int batchSize, int requestsPerMinute,
                              List<String> media, PrintStream log) {
        this.queues = queues;
        this.snapshots = snapshots;
        this.pollPeriod = pollPeriod;
        this.configuredBatchSize = batchSize;
        // the default queue refresh period (5 min); a bench.feed override of it is not followed here
        this.batchSize = BatchSizing.size(new BatchSizing.Demand(queues, pollPeriod, "genesys.poll-period", requestsPerMinute,
                batchSize, Duration.ofMinutes(5), 0)).batchSize();
        this.requestsPerMinute = requestsPerMinute;
        this.media = media;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        if ("outage".equals(System.getProperty("bench.mode"))) { // OutageBenchmark: the broker away for a while
            String outage = System.getProperty("bench.outage", "");
            QueueFeedBenchmark.Result result = new OutageBenchmark(Integer.getInteger("bench.queues", 1000),
                    Durations.parse(System.getProperty("bench.poll-period", "2s")),
                    Durations.parse(outage.isBlank() ? "5m" : outage), System.err).run();
            System.out.println();
            System.out.println(result.table());
            System.exit(0);
        }
        if ("freshness".equals(System.getProperty("bench.mode"))) { // FreshnessBenchmark: push and poll side by side
            FreshnessBenchmark.main(args);
            System.exit(0);
        }
        QueueFeedBenchmark bench = new QueueFeedBenchmark(
                Integer.getInteger("bench.queues", 5000),
                Integer.getInteger("bench.snapshots", 10),
                Durations.parse(System.getProperty("bench.poll-period", "10s")),
                Integer.getInteger("bench.batch-size", 100),
                Integer.getInteger("bench.requests-per-minute", 240),
                List.of(System.getProperty("bench.media", "voice,chat").split(",")),
                System.err);
        Result result = bench.run();
        System.out.println();
        System.out.println(result.table());
        System.exit(0); // the broker's and Camel's non-daemon threads are closed, but do not wait on stragglers
    }

    public Result run() throws Exception {
        int callsPerSnapshot = (queues + batchSize - 1) / batchSize;
        String topic = "bench-status-" + UUID.randomUUID();
        try (KafkaTestBroker broker = KafkaTestBroker.start();
             GenesysSimulator genesys = GenesysSimulator.start(queues, media)) {
            createLogAppendTimeTopic(broker.bootstrapServers(), topic);
            Reader reader = new Reader(broker.bootstrapServers(), topic, queues);
            reader.start();
            reader.awaitAssigned();

            Map<String, String> overrides = Feed.baseConfig(genesys.baseUrl(), GenesysSimulator.CLIENT_ID, GenesysSimulator.CLIENT_SECRET,
                    broker.bootstrapServers());
            overrides.put("genesys.queue-ids", "");                 // discovery: every queue the client sees
            overrides.put("genesys.poll-period", pollPeriod.toMillis() + "ms");
            overrides.put("genesys.batch-size", String.valueOf(configuredBatchSize));
            overrides.put("genesys.requests-per-minute", String.valueOf(requestsPerMinute));
            overrides.put("kafka.topic.status", topic);
            for (String pair : System.getProperty("bench.feed", "").split(";")) {
                if (pair.contains("=")) {
                    overrides.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
                }
            }
            log.printf("bench: %d queues (%s), %d snapshots every %s, batch %d (configured %d), budget %d/min%n", queues,
                    String.join("+", media), snapshots, Durations.format(pollPeriod), batchSize, configuredBatchSize,
                    requestsPerMinute);

            long startedAt = System.currentTimeMillis();
            FeedApplication feed = FeedApplication.create(
                    ConfigSource.resolve(Feed.defaults(), Map.of(), new Properties(), overrides)).start();
            feedParallelBatches = String.valueOf(feed.config().parallelBatches());
            GenesysOrg org = feed.camelContext().getRegistry().lookupByNameAndType("genesysOrgs", GenesysOrgs.class)
                    .get("default");
            long deadline = System.currentTimeMillis() + pollPeriod.toMillis() * snapshots * 4 + 180_000;
            while (org.stats().snapshotsOk.get() + org.stats().snapshotsFailed.get() < snapshots
                    || reader.count.get() < (long) snapshots * queues) {
                if (System.currentTimeMillis() > deadline) {
                    log.printf("bench: gave up waiting: %d snapshots ok, %d failed, %d events read%n",
                            org.stats().snapshotsOk.get(), org.stats().snapshotsFailed.get(), reader.count.get());
                    break;
                }
                Thread.sleep(50);
            }
            long budgetWaited = org.budget().waitedMillis();
            long skipped = org.stats().snapshotsSkippedBusy.get();
            long failed = org.stats().snapshotsFailed.get();
            feed.stop();
            Thread.sleep(500);
            reader.stop();

            List<GenesysSimulator.Request> requests = genesys.observationRequests();
            long listingCalls = genesys.listingCalls();
            Map<String, Integer> queueIndex = new HashMap<>();
            List<String> ids = genesys.queueIds();
            for (int i = 0; i < ids.size(); i++) {
                queueIndex.put(ids.get(i), i);
            }
            List<Snapshot> measured = snapshots(requests, callsPerSnapshot, reader.batches(), queueIndex);
            long liveHeapAfterGc = liveHeap();

            double bare = bareProducer(broker.bootstrapServers(), reader.lastSnapshot());

            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("queues", String.format("%,d (%s)", queues, String.join(" + ", media)));
            settings.put("snapshots", snapshots + " every " + Durations.format(pollPeriod));
            settings.put("batch size / budget", batchSize + " queues per query" + (batchSize == configuredBatchSize ? ""
                    : " (genesys.batch-size=" + configuredBatchSize + ", grown)") + " / " + requestsPerMinute + " calls per min");
            settings.put("parallel batches", feedParallelBatches);
            settings.put("max heap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");

            Map<String, String> rows = new LinkedHashMap<>();
            double callsPerMin = callsPerSnapshot * 60_000.0 / pollPeriod.toMillis();
            rows.put("observation calls per snapshot: ours / tutorial (one per queue)",
                    String.format("%.1f / %,d", requests.size() / (double) Math.max(1, measured.size()), queues));
            rows.put("queue listing calls (start-up; again every genesys.queue-refresh-period)", String.valueOf(listingCalls));
            rows.put("calls per minute needed at this period (observations only)", String.format("%.0f %s budget %d",
                    callsPerMin, callsPerMin > requestsPerMinute ? ">" : "<=", requestsPerMinute));
            rows.put("time waited for the budget (summed over the batch threads)", budgetWaited + " ms");
            rows.put("ticks skipped (previous snapshot still running) / failed snapshots", skipped + " / " + failed);
            if (!measured.isEmpty()) {
                Snapshot cold = measured.get(0);
                rows.put("first snapshot (cold JVM, excluded below): time / processing",
                        cold.wallMillis() + " / " + cold.processingMillis() + " ms");
            }
            List<Snapshot> warm = measured.size() > 1 ? measured.subList(1, measured.size()) : measured;
            List<Long> wall = warm.stream().map(Snapshot::wallMillis).sorted().toList();
            List<Long> processing = warm.stream().map(Snapshot::processingMillis).sorted().toList();
            List<Long> genesysTime = warm.stream().map(Snapshot::genesysMillis).sorted().toList();
            rows.put("snapshot time, first request -> last event acked, p50 / p99",
                    pct(wall, 50) + " / " + pct(wall, 99) + " ms");
            rows.put("  of which Genesys (the simulator) was answering, p50", pct(genesysTime, 50) + " ms");
            List<Long> pipeline = warm.stream().map(s -> s.wallMillis() - s.genesysMillis()).sorted().toList();
            rows.put("snapshot processing: snapshot time while no query was being answered, p50 / p99",
                    pct(pipeline, 50) + " / " + pct(pipeline, 99) + " ms");
            List<Long> tail = warm.stream().map(Snapshot::tailMillis).sorted().toList();
            rows.put("each batch, its response received -> its events acked, summed per snapshot, p50 / p99 "
                    + "(batches overlap with genesys.parallel-batches > 1)", pct(processing, 50) + " / " + pct(processing, 99) + " ms");
            rows.put("last response received -> last event acked, p50 / p99", pct(tail, 50) + " / " + pct(tail, 99) + " ms");
            long complete = measured.stream().filter(s -> s.events == queues).count();
            rows.put("snapshots measured / complete (every queue's event)", measured.size() + " / " + complete);
            double ours = pct(wall, 50) == 0 ? 0 : queues * 1000.0 / pct(wall, 50);
            rows.put("events/s, whole snapshot incl. Genesys calls (p50)", String.format("%,.0f", ours));
            double oursPipeline = pct(pipeline, 50) <= 0 ? 0 : queues * 1000.0 / pct(pipeline, 50);
            rows.put("events/s, snapshot processing only (p50)", String.format("%,.0f", oursPipeline));
            rows.put("events/s, bare KafkaProducer, same records (best of 3)", String.format("%,.0f", bare));
            rows.put("ratio ours / bare: whole snapshot, processing only",
                    String.format("%.0f %%, %.0f %%", 100 * ours / bare, 100 * oursPipeline / bare));
            rows.put("peak heap (sum of heap pools' peaks) / live heap after GC",
                    mib(peakHeap()) + " / " + mib(liveHeapAfterGc));
            rows.put("peak RSS (VmHWM)", vmHwm());
            rows.put("start -> first event", (reader.firstAppend.get() - startedAt) + " ms");
            rows.put("events read", String.format("%,d", reader.count.get()));
            return new Result(settings, rows);
        }
    }

    /** One snapshot: its observation queries and the batches of events they produced. */
    private record Snapshot(long wallMillis, long genesysMillis, long processingMillis, long tailMillis, int events) {
    }

    /**
     * Requests i*B..(i+1)*B-1 are snapshot i (the simulator never fails, so nothing is retried). A batch of events
     * is the records sharing one {@code observedAt}; its query is the one that asked first for the batch's first
     * queue (discovery lists queues in simulator order, so batch b holds queues b*batchSize..).
     */
    private List<Snapshot> snapshots(List<GenesysSimulator.Request> requests, int perSnapshot, List<Batch> batches,
                                     Map<String, Integer> queueIndex) {
        List<Snapshot> result = new ArrayList<>();
        for (int first = 0; first + perSnapshot <= requests.size(); first += perSnapshot) {
            List<GenesysSimulator.Request> mine = requests.subList(first, first + perSnapshot);
            Map<Integer, GenesysSimulator.Request> byBatch = new HashMap<>();
            mine.forEach(r -> byBatch.put(queueIndex.get(r.firstQueueId()) / batchSize, r));
            long start = mine.get(0).receivedAtMillis();
            long lastResponse = mine.stream().mapToLong(GenesysSimulator.Request::respondedAtMillis).max().orElse(start);
            long nextStart = first + perSnapshot < requests.size() ? requests.get(first + perSnapshot).receivedAtMillis()
                    : Long.MAX_VALUE;
            long genesys = busyMillis(mine);
            long lastAck = 0;
            long processing = 0;
            int events = 0;
            for (Batch batch : batches) {
                if (batch.observedAt < start || batch.observedAt >= nextStart) {
                    continue;
                }
                GenesysSimulator.Request query = byBatch.get(queueIndex.get(batch.anyQueueId) / batchSize);
                // the feed may read the response in the millisecond before the simulator logs it as written
                long responded = query == null ? start : Math.min(query.respondedAtMillis(), batch.observedAt);
                processing += batch.lastAppend - responded;
                lastAck = Math.max(lastAck, batch.lastAppend);
                events += batch.events;
            }
            if (lastAck >= lastResponse) {
                result.add(new Snapshot(lastAck - start, genesys, processing, lastAck - lastResponse, events));
            }
        }
        return result;
    }

    /** Wall time during which at least one of the queries was being answered (the union of their intervals). */
    private static long busyMillis(List<GenesysSimulator.Request> requests) {
        List<GenesysSimulator.Request> sorted = new ArrayList<>(requests);
        sorted.sort((a, b) -> Long.compare(a.receivedAtMillis(), b.receivedAtMillis()));
        long busy = 0;
        long from = Long.MIN_VALUE;
        long to = Long.MIN_VALUE;
        for (GenesysSimulator.Request r : sorted) {
            if (r.receivedAtMillis() > to) {
                busy += Math.max(0, to - from);
                from = r.receivedAtMillis();
                to = r.respondedAtMillis();
            } else {
                to = Math.max(to, r.respondedAtMillis());
            }
        }
        return busy + Math.max(0, to - from);
    }

    private record Batch(long observedAt, long lastAppend, int events, String anyQueueId) {
    }

    /** Reads the status topic like a consumer would, keeping per batch only (observedAt, last append, count). */
    private static final class Reader implements Runnable {
        private final KafkaConsumer<String, String> consumer;
        private final int queues;
        private final Map<String, long[]> batches = new HashMap<>(); // observedAt -> {lastAppend, count}
        private final Map<String, String> anyQueue = new HashMap<>(); // observedAt -> one queue id of the batch
        private final List<ConsumerRecord<String, String>> last = new ArrayList<>();
        final AtomicLong count = new AtomicLong();
        final AtomicLong firstAppend = new AtomicLong(Long.MAX_VALUE);
        private final CountDownLatch assigned = new CountDownLatch(1);
        private final CountDownLatch done = new CountDownLatch(1);
        private final Thread thread = new Thread(this, "bench-reader");

        Reader(String bootstrap, String topic, int queues) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            consumer = new KafkaConsumer<>(props);
            consumer.subscribe(List.of(topic), new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<org.apache.kafka.common.TopicPartition> p) {
                }

                @Override
                public void onPartitionsAssigned(java.util.Collection<org.apache.kafka.common.TopicPartition> p) {
                    assigned.countDown();
                }
            });
            this.queues = queues;
        }

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        void awaitAssigned() throws InterruptedException {
            assigned.await();
        }

        @Override
        public void run() {
            try {
                while (true) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        String value = record.value();
                        int at = value.indexOf("\"observedAt\":\"") + 14;
                        String observedAt = value.substring(at, value.indexOf('"', at));
                        synchronized (this) {
                            long[] batch = batches.computeIfAbsent(observedAt, k -> new long[2]);
                            anyQueue.putIfAbsent(observedAt, record.key());
                            batch[0] = Math.max(batch[0], record.timestamp());
                            batch[1]++;
                            last.add(record);
                            if (last.size() > queues) {
                                last.remove(0);
                            }
                        }
                        firstAppend.accumulateAndGet(record.timestamp(), Math::min);
                        count.incrementAndGet();
                    }
                }
            } catch (WakeupException stopping) {
                // stop() woke us up
            } finally {
                consumer.close();
                done.countDown();
            }
        }

        void stop() throws InterruptedException {
            consumer.wakeup();
            done.await();
        }

        synchronized List<Batch> batches() {
            List<Batch> result = new ArrayList<>();
            batches.forEach((observedAt, b) -> result.add(
                    new Batch(java.time.Instant.parse(observedAt).toEpochMilli(), b[0], (int) b[1], anyQueue.get(observedAt))));
            result.sort((a, b) -> Long.compare(a.observedAt, b.observedAt));
            return result;
        }

        synchronized List<ConsumerRecord<String, String>> lastSnapshot() {
            return List.copyOf(last);
        }
    }

    static void createLogAppendTimeTopic(String bootstrap, String topic) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1)
                    .configs(Map.of("message.timestamp.type", "LogAppendTime")))).all().get();
        }
    }

    /**
     * The ceiling: the same keys, values and headers through a plain KafkaProducer with the feed's producer
     * settings (acks=all, idempotent, lz4, linger 5 ms), all sent at once, timed from the first send to the last
     * acknowledgement. Best of three, to a fresh topic each time.
     */
    private static double bareProducer(String bootstrap, List<ConsumerRecord<String, String>> records) throws Exception {
        if (records.isEmpty()) {
            return Double.NaN;
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        double best = 0;
        for (int round = 0; round < 3; round++) {
            String topic = "bench-bare-" + UUID.randomUUID();
            createLogAppendTimeTopic(bootstrap, topic);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
                // metadata, leaders and the producer id outside the timing, as the feed has them warm too
                for (int partition = 0; partition < 3; partition++) {
                    producer.send(new ProducerRecord<>(topic, partition, "warm-up", "{}")).get();
                }
                CountDownLatch acked = new CountDownLatch(records.size());
                long start = System.nanoTime();
                for (ConsumerRecord<String, String> r : records) {
                    ProducerRecord<String, String> out = new ProducerRecord<>(topic, r.key(), r.value());
                    for (Header h : r.headers()) {
                        out.headers().add(h.key(), h.value());
                    }
                    producer.send(out, (meta, e) -> acked.countDown());
                }
                acked.await();
                best = Math.max(best, records.size() / ((System.nanoTime() - start) / 1e9));
            }
        }
        return best;
    }

    static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    static long liveHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static String mib(long bytes) {
        return String.format("%.0f MiB", bytes / (1024.0 * 1024.0));
    }

    static String vmHwm() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format("%.0f MiB", kb / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return "n/a";
    }
}

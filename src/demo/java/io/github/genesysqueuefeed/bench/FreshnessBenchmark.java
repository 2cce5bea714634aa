package io.github.genesysqueuefeed.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.FeedApplication;
import io.github.genesysqueuefeed.config.Durations;
import io.github.genesysqueuefeed.demo.GenesysSimulator;
import io.github.genesysqueuefeed.demo.OrgChanges;
import io.github.genesysqueuefeed.support.Feed;
import io.github.genesysqueuefeed.support.KafkaTestBroker;
import io.github.genesysqueuefeed.support.NotificationsSimulator;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code ./mvnw -q -Pbench -Dbench.mode=freshness -Dbench.queues=5000 -Dbench.minutes=1 -Dbench.rate=20}: issue
 * 13's claim measured. The real feed runs once per mode ({@code bench.modes}, default {@code poll,push}; poll at
 * {@code bench.poll-period}) against a fresh simulated org (voice and chat) and its notifications simulator, and
 * one in-JVM broker. Once the feed has published every queue, the org changes {@code bench.rate} random queues a
 * second for {@code bench.minutes}, pushing each change ({@link OrgChanges}); then the feed gets a poll period
 * (at least 5 s) to deliver the last ones.
 *
 * <p>Age of a change: the broker's append time of the first record that reflects it (the status topic is created
 * with {@code LogAppendTime}; one replica and acks=all make that the acknowledgement) minus the instant the
 * simulator made it. Every change is counted, also those a later change superseded before the feed saw them (a poll
 * that reflects changes 3 and 4 of a queue gives both an age). Which change a record reflects: the simulator
 * numbers each queue's changes and the queue's member count carries the number ({@link GenesysSimulator}). API calls
 * are counted by the simulators during the changing window, per path. Memory and CPU are the whole JVM's (feed,
 * broker, simulators, the reading consumer). Demo-folder code (src/demo/java): never in the jar. Over 150 lines:
 * one run per mode and its side-by-side table, kept together so the two modes are measured the same way.
 */
public final class FreshnessBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one mode measured: its rows in print order, and the age of every change delivered (ms). */
    public record ModeResult(String mode, Map<String, String> rows, List<Long> ages, int changes, long pushEvents,
                             Map<String, Long> startUpCalls) {

        public long agePercentile(int p) {
            return QueueFeedBenchmark.pct(ages, p);
        }
    }

    /** Both modes side by side. */
    public record Result(Map<String, String> settings, List<ModeResult> modes) {

        public ModeResult mode(String name) {
            return modes.stream().filter(m -> m.mode().equals(name)).findFirst().orElseThrow();
        }

        public String table() {
            StringBuilder out = new StringBuilder("| setting | value |\n|---|---|\n");
            settings.forEach((k, v) -> out.append("| ").append(k).append(" | ").append(v).append(" |\n"));
            out.append("\n| measure |");
            modes.forEach(m -> out.append(" genesys.mode=").append(m.mode()).append(" |"));
            out.append("\n|---|").append("---|".repeat(modes.size())).append('\n');
            for (String row : modes.get(0).rows().keySet()) {
                out.append("| ").append(row).append(" |");
                modes.forEach(m -> out.append(' ').append(m.rows().getOrDefault(row, "")).append(" |"));
                out.append('\n');
            }
            return out.toString();
        }
    }

    private final int queues;
    private final Duration window;
    private final double changesPerSecond;
    private final Duration pollPeriod;
    private final Map<String, String> feedKeys;
    private final PrintStream log;

    /** @param feedKeys more feed keys for both modes (e.g. genesys.batch-size), on top of the benchmark's */
    public FreshnessBenchmark(int queues, Duration window, double changesPerSecond, Duration pollPeriod,
                              Map<String, String> feedKeys, PrintStream log) {
        this.queues = queues;
        this.window = window;
        this.changesPerSecond = changesPerSecond;
        this.pollPeriod = pollPeriod;
        this.feedKeys = feedKeys;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> feedKeys = new HashMap<>();
        for (String pair : System.getProperty("bench.feed", "").split(";")) {
            if (pair.contains("=")) {
                feedKeys.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
            }
        }
        double minutes = Double.parseDouble(System.getProperty("bench.minutes", "1"));
        Result result = new FreshnessBenchmark(Integer.getInteger("bench.queues", 5000),
                Duration.ofMillis(Math.round(minutes * 60_000)),
                Double.parseDouble(System.getProperty("bench.rate", "20")),
                Durations.parse(System.getProperty("bench.poll-period", "10s")), feedKeys, System.err)
                .run(List.of(System.getProperty("bench.modes", "poll,push").split(",")));
        System.out.println();
        System.out.println(result.table());
    }

    public Result run(List<String> modes) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("queues (voice + chat)", String.format("%,d", queues));
        settings.put("changes", String.format("%s a second, random queues, for %s per mode", changesPerSecond,
                Durations.format(window)));
        settings.put("poll mode's genesys.poll-period", Durations.format(pollPeriod));
        settings.put("other feed keys", feedKeys.isEmpty() ? "(defaults)" : feedKeys.toString());
        settings.put("cores / load average at start", Runtime.getRuntime().availableProcessors() + " / "
                + String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        List<ModeResult> results = new ArrayList<>();
        try (KafkaTestBroker broker = KafkaTestBroker.start()) {
            for (String mode : modes) {
                results.add(runMode(broker, mode.trim()));
            }
        }
        return new Result(settings, results);
    }

    private ModeResult runMode(KafkaTestBroker broker, String mode) throws Exception {
        String topic = "bench-freshness-" + mode + "-" + UUID.randomUUID();
        QueueFeedBenchmark.createLogAppendTimeTopic(broker.bootstrapServers(), topic);
        try (GenesysSimulator genesys = GenesysSimulator.start(queues, List.of("voice", "chat"));
             NotificationsSimulator notifications = NotificationsSimulator.start();
             AgeReader reader = new AgeReader(broker.bootstrapServers(), topic, genesys)) {
            genesys.freeze();
            genesys.routeNotificationsTo(notifications.baseUrl());
            Map<String, String> overrides = Feed.baseConfig(genesys.baseUrl(), GenesysSimulator.CLIENT_ID,
                    GenesysSimulator.CLIENT_SECRET, broker.bootstrapServers());
            overrides.put("genesys.queue-ids", "");
            overrides.put("genesys.mode", mode);
            overrides.put("genesys.poll-period", pollPeriod.toMillis() + "ms");
            overrides.put("kafka.topic.status", topic);
            overrides.putAll(feedKeys);
            log.printf("%s mode: starting the feed on %,d queues...%n", mode, queues);
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            long started = System.currentTimeMillis();
            FeedApplication feed = Feed.start(overrides);
            try {
                waitUntil(() -> reader.queuesSeen() >= queues, Duration.ofMinutes(3));
                if (mode.equals("push")) {
                    // channels open after the start-up snapshot: measure from when every topic is subscribed and
                    // the feed's follow-up polls (a reconcile after connecting) have stopped
                    if (!waitUntil(() -> subscribed(notifications) >= queues, Duration.ofMinutes(1))) {
                        log.printf("push mode: only %d of %d topics subscribed after a minute%n",
                                subscribed(notifications), queues);
                    }
                    waitForQuiet(genesys::observationCalls, Duration.ofSeconds(2), Duration.ofMinutes(1));
                }
                long warm = System.currentTimeMillis() - started;
                Map<String, Long> startUpCalls = calls(genesys, notifications);
                log.printf("%s mode: every queue published after %d ms; changing %s queues a second for %s...%n",
                        mode, warm, changesPerSecond, Durations.format(window));
                reader.measureFromNow();
                long cpu0 = cpuNanos();
                long t0 = System.currentTimeMillis();
                int changes;
                try (OrgChanges org = OrgChanges.start(genesys, notifications, changesPerSecond, 13)) {
                    Thread.sleep(window.toMillis()); // the measurement window itself, not a wait for a condition
                    org.close();
                    changes = org.changes();
                }
                long t1 = System.currentTimeMillis();
                reader.countEventsUntil(t1);
                long cpu1 = cpuNanos();
                Map<String, Long> windowCalls = minus(calls(genesys, notifications), startUpCalls);
                long peakHeap = QueueFeedBenchmark.peakHeap();
                Duration drain = pollPeriod.plusSeconds(5);
                boolean drained = waitUntil(() -> reader.agesCounted() >= changes, drain);
                return result(mode, warm, startUpCalls, windowCalls, (t1 - t0) / 60_000.0, changes, drained, drain,
                        reader, peakHeap, (cpu1 - cpu0) / 1e9 / ((t1 - t0) / 1000.0));
            } finally {
                feed.stop();
            }
        }
    }

    private ModeResult result(String mode, long warmMillis, Map<String, Long> startUp, Map<String, Long> windowCalls,
                              double minutes, int changes, boolean drained, Duration drain, AgeReader reader,
                              long peakHeap, double cpuCores) {
        List<Long> ages = reader.ages();
        Collections.sort(ages);
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("changes made / seen on Kafka", String.format("%,d / %,d%s", changes, ages.size(),
                drained ? "" : " (the rest not within " + Durations.format(drain) + " after the window)"));
        rows.put("**change -> Kafka age p50 / p95 / max**", String.format("**%s / %s / %s**",
                ms(QueueFeedBenchmark.pct(ages, 50)), ms(QueueFeedBenchmark.pct(ages, 95)),
                ms(ages.isEmpty() ? 0 : ages.get(ages.size() - 1))));
        rows.put("change -> Kafka age p99", ms(QueueFeedBenchmark.pct(ages, 99)));
        long total = windowCalls.entrySet().stream().filter(e -> !e.getKey().startsWith("WS"))
                .mapToLong(Map.Entry::getValue).sum();
        rows.put("**API calls per minute while changing (all paths)**", String.format("**%.1f**", total / minutes));
        windowCalls.forEach((path, count) -> rows.put("  " + path + ", per minute", String.format("%.1f", count / minutes)));
        rows.put("calls from start to ready (every queue published; push: every topic subscribed)", startUp.entrySet().stream()
                .filter(e -> e.getValue() > 0).map(e -> e.getKey() + " " + e.getValue()).toList().toString());
        rows.put("start -> ready", ms(warmMillis));
        rows.put("events published while changing / per second", String.format("%,d / %.1f", reader.eventsMeasured(),
                reader.eventsMeasured() / (minutes * 60)));
        rows.put("  of which source push / poll", reader.pushEvents() + " / " + reader.pollEvents());
        rows.put("peak heap from feed start (pools' peaks) / live heap after GC", QueueFeedBenchmark.mib(peakHeap) + " / "
                + QueueFeedBenchmark.mib(QueueFeedBenchmark.liveHeap()));
        rows.put("CPU while changing (cores busy, whole JVM)", String.format("%.2f", cpuCores));
        rows.put("load average at the end", String.format("%.1f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        return new ModeResult(mode, rows, ages, changes, reader.pushEvents(), startUp);
    }

    /** Every path the simulators counted: the REST org's three and the notifications simulator's own keys. */
    private static Map<String, Long> calls(GenesysSimulator genesys, NotificationsSimulator notifications) {
        Map<String, Long> calls = new TreeMap<>();
        calls.put("POST /oauth/token", genesys.tokenCalls());
        calls.put("GET /api/v2/routing/queues", genesys.listingCalls());
        calls.put("POST /api/v2/analytics/queues/observations/query", genesys.observationCalls());
        notifications.calls().forEach((path, count) -> calls.put(path, (long) count));
        return calls;
    }

    private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> diff = new TreeMap<>();
        after.forEach((path, count) -> diff.put(path, count - before.getOrDefault(path, 0L)));
        return diff;
    }

    /** Topics subscribed on channels whose socket is open. */
    private static int subscribed(NotificationsSimulator notifications) {
        return notifications.channelIds().stream().filter(notifications::connected)
                .mapToInt(id -> notifications.topics(id).size()).sum();
    }

    /** Waits until {@code counter} has not moved for {@code quiet}, at most {@code timeout}. */
    private static void waitForQuiet(java.util.function.LongSupplier counter, Duration quiet, Duration timeout)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        long last = counter.getAsLong();
        long since = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline && System.currentTimeMillis() - since < quiet.toMillis()) {
            Thread.sleep(100);
            long now = counter.getAsLong();
            if (now != last) {
                last = now;
                since = System.currentTimeMillis();
            }
        }
    }

    private static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private static String ms(long millis) {
        return millis < 10_000 ? millis + " ms" : String.format("%.1f s", millis / 1000.0);
    }

    private static boolean waitUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /**
     * Reads the status topic from its start and gives each change its age when the first record reflecting it
     * (or a later change of the queue) arrives. Counts only changes made after {@link #measureFromNow}.
     */
    private static final class AgeReader implements AutoCloseable {

        private final KafkaConsumer<String, String> consumer;
        private final GenesysSimulator genesys;
        private final Thread thread = new Thread(this::read, "bench-age-reader");
        private final Map<String, Integer> credited = new HashMap<>();
        private final List<Long> ages = new ArrayList<>();
        private volatile long measureFrom = Long.MAX_VALUE;
        private volatile long eventsUntil = Long.MAX_VALUE;
        private long eventsMeasured;
        private long pushEvents;
        private long pollEvents;

        AgeReader(String bootstrap, String topic, GenesysSimulator genesys) {
            this.genesys = genesys;
            Properties props = new Properties();
            props.put("bootstrap.servers", bootstrap);
            props.put("key.deserializer", StringDeserializer.class.getName());
            props.put("value.deserializer", StringDeserializer.class.getName());
            consumer = new KafkaConsumer<>(props);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            thread.start();
        }

        void measureFromNow() {
            measureFrom = System.currentTimeMillis();
        }

        /** Records appended after this instant still give ages but are not counted as events of the window. */
        void countEventsUntil(long epochMillis) {
            eventsUntil = epochMillis;
        }

        synchronized int queuesSeen() {
            return credited.size();
        }

        synchronized int agesCounted() {
            return ages.size();
        }

        synchronized List<Long> ages() {
            return new ArrayList<>(ages);
        }

        synchronized long eventsMeasured() {
            return eventsMeasured;
        }

        synchronized long pushEvents() {
            return pushEvents;
        }

        synchronized long pollEvents() {
            return pollEvents;
        }

        private void read() {
            try {
                while (true) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        if (record.value() != null) {
                            take(record);
                        }
                    }
                }
            } catch (WakeupException closing) {
                // close()
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                consumer.close();
            }
        }

        private synchronized void take(ConsumerRecord<String, String> record) throws Exception {
            JsonNode event = JSON.readTree(record.value());
            String queueId = event.path("queueId").asText();
            int number = genesys.changeNumber(queueId, event.at("/agents/members").asLong());
            int before = credited.getOrDefault(queueId, 0);
            credited.put(queueId, Math.max(before, number));
            if (record.timestamp() < measureFrom) {
                return;
            }
            if (record.timestamp() <= eventsUntil) {
                eventsMeasured++;
                if ("push".equals(event.path("source").asText())) {
                    pushEvents++;
                } else {
                    pollEvents++;
                }
            }
            for (int change = before + 1; change <= number; change++) {
                long at = genesys.changedAt(queueId, change);
                if (at >= measureFrom) {
                    ages.add(record.timestamp() - at);
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            consumer.wakeup();
            thread.join(10_000);
        }
    }
}

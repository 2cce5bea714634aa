package io.github.genesysqueuefeed.bench;

import io.github.genesysqueuefeed.FeedApplication;
import io.github.genesysqueuefeed.config.ConfigSource;
import io.github.genesysqueuefeed.config.Durations;
import io.github.genesysqueuefeed.demo.GenesysSimulator;
import io.github.genesysqueuefeed.feed.GenesysOrg;
import io.github.genesysqueuefeed.publish.KafkaPublisher;
import io.github.genesysqueuefeed.support.Feed;
import io.github.genesysqueuefeed.support.KafkaTestBroker;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code ./mvnw -q -Pbench -Dbench.mode=outage -Dbench.queues=1000 -Dbench.poll-period=2s -Dbench.outage=5m}: the
 * real feed against a simulated org, the broker stopped for {@code bench.outage} (default 5m) once the feed is warm,
 * then started again. Reports the snapshots and compressed bytes held when the broker returns, the heap peak during
 * the outage, the time from the broker's return to the last held snapshot acknowledged, and what a consumer reads
 * afterwards (every queue's sequence checked for gaps and duplicates). Demo-folder code (src/demo/java): never in the jar.
 */
public final class OutageBenchmark {

    private final int queues;
    private final Duration pollPeriod;
    private final Duration outage;
    private final PrintStream log;

    public OutageBenchmark(int queues, Duration pollPeriod, Duration outage, PrintStream log) {
        this.queues = queues;
        this.pollPeriod = pollPeriod;
        this.outage = outage;
        this.log = log;
    }

    public QueueFeedBenchmark.Result run() throws Exception {
        String topic = "bench-outage-" + UUID.randomUUID();
        try (KafkaTestBroker broker = KafkaTestBroker.startRestartable();
             GenesysSimulator genesys = GenesysSimulator.start(queues, List.of("voice", "chat"))) {
            broker.createTopics(topic);
            Map<String, String> overrides = Feed.baseConfig(genesys.baseUrl(), GenesysSimulator.CLIENT_ID,
                    GenesysSimulator.CLIENT_SECRET, broker.bootstrapServers());
            overrides.put("genesys.queue-ids", "");
            overrides.put("genesys.poll-period", pollPeriod.toMillis() + "ms");
            overrides.put("genesys.batch-size", "200");
            overrides.put("kafka.topic.status", topic);
            for (String pair : System.getProperty("bench.feed", "").split(";")) {
                if (pair.contains("=")) {
                    overrides.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
                }
            }
            log.printf("bench: outage of %s at %d queues every %s%n", Durations.format(outage), queues,
                    Durations.format(pollPeriod));
            FeedApplication feed = FeedApplication.create(
                    ConfigSource.resolve(Feed.defaults(), Map.of(), new Properties(), overrides)).start();
            GenesysOrg org = feed.orgs().get("default");
            KafkaPublisher publisher = feed.camelContext().getRegistry()
                    .lookupByNameAndType("kafkaPublisher", KafkaPublisher.class);
            while (org.stats().eventsPublished.get() < 3L * queues) {
                Thread.sleep(100);
            }

            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            broker.stopBroker();
            long okAtStop = org.stats().snapshotsOk.get();
            Instant stopped = Instant.now();
            long maxSampledHeap = 0;
            while (Duration.between(stopped, Instant.now()).compareTo(outage) < 0) {
                maxSampledHeap = Math.max(maxSampledHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                Thread.sleep(500);
            }
            long peakHeap = QueueFeedBenchmark.peakHeap();
            long liveHeap = QueueFeedBenchmark.liveHeap();
            int heldSnapshots = publisher.heldSnapshots();
            long heldBytes = publisher.heldBytes();
            long takenDuringOutage = org.stats().snapshotsOk.get() - okAtStop;
            long dropped = org.stats().snapshotsDropped.get();
            long failed = org.stats().snapshotsFailed.get();
            long skipped = org.stats().snapshotsSkippedBusy.get();
            log.printf("bench: restarting the broker: %d snapshots (%d bytes) held%n", heldSnapshots, heldBytes);

            long restartStart = System.nanoTime();
            broker.restartBroker();
            long restarted = System.nanoTime();
            while (publisher.heldSnapshots() > 1) { // the newest snapshot comes and goes every period
                Thread.sleep(20);
            }
            long drained = System.nanoTime();
            feed.stop();
            long published = org.stats().eventsPublished.get();
            long[] check = readBack(broker.bootstrapServers(), topic, published);

            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("queues", String.format("%,d (voice + chat), discovery, batch size 200", queues));
            settings.put("poll period", Durations.format(pollPeriod));
            settings.put("broker stopped for", Durations.format(outage));
            settings.put("kafka.outage.max-buffered", feed.config().producer().outageMaxBuffered() + " bytes");
            settings.put("max heap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
            Map<String, String> rows = new LinkedHashMap<>();
            rows.put("snapshots taken during the outage (polling went on)", String.valueOf(takenDuringOutage));
            rows.put("failed snapshots / ticks skipped (whole run)", failed + " / " + skipped);
            rows.put("snapshots held when the broker returned", String.valueOf(heldSnapshots));
            rows.put("bytes held (compressed) / per snapshot", String.format("%,d / %,d", heldBytes,
                    heldSnapshots == 0 ? 0 : heldBytes / heldSnapshots));
            rows.put("snapshots dropped (over max-buffered)", String.valueOf(dropped));
            rows.put("heap peak during the outage (pools' peaks) / highest sample / live after GC",
                    QueueFeedBenchmark.mib(peakHeap) + " / " + QueueFeedBenchmark.mib(maxSampledHeap) + " / " + QueueFeedBenchmark.mib(liveHeap));
            rows.put("broker restart (until it is ready)", (restarted - restartStart) / 1_000_000 + " ms");
            rows.put("broker ready -> last held snapshot acknowledged", (drained - restarted) / 1_000_000 + " ms");
            rows.put("events acknowledged / read back", String.format("%,d / %,d", published, check[0]));
            rows.put("sequence gaps / duplicates / out of order (per queue)", check[1] + " / " + check[2] + " / " + check[3]);
            return new QueueFeedBenchmark.Result(settings, rows);
        }
    }

    /** Reads the whole topic: {records, gaps, duplicates, out of order}, checked on each queue's sequence. */
    private static long[] readBack(String bootstrap, String topic, long expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<String, Long> last = new HashMap<>();
        long records = 0;
        long gaps = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(120);
            while (records < expected && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    String value = record.value();
                    int at = value.indexOf("\"sequence\":") + 11;
                    long sequence = Long.parseLong(value.substring(at, value.indexOf('}', at)).trim());
                    Long before = last.put(record.key(), sequence);
                    long previous = before == null ? 0 : before;
                    if (sequence == previous) {
                        duplicates++;
                    } else if (sequence < previous) {
                        outOfOrder++;
                    } else if (sequence > previous + 1) {
                        gaps++;
                    }
                }
            }
        }
        return new long[] {records, gaps, duplicates, outOfOrder};
    }
}

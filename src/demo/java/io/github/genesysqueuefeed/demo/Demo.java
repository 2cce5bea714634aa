package io.github.genesysqueuefeed.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.FeedApplication;
import io.github.genesysqueuefeed.config.ConfigSource;
import io.github.genesysqueuefeed.support.Feed;
import io.github.genesysqueuefeed.support.KafkaTestBroker;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code ./mvnw -q -Pdemo}: the real pipeline against a simulated Genesys org (20 queues) and an embedded Kafka
 * broker, with every snapshot read back from the topic and printed as a table. Ctrl-C stops it.
 *
 * <p>Demo code, in src/demo/java (a test source root): it never ships in the jar, and the feed it starts is configured like any other
 * deployment, only with the simulator's URLs and credentials.
 */
public final class Demo implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final KafkaTestBroker broker;
    private final GenesysSimulator genesys;
    private final FeedApplication feed;
    private final KafkaConsumer<String, String> consumer;
    private final Thread printer;
    private final CountDownLatch printerDone = new CountDownLatch(1);
    private volatile int tablesPrinted;
    private final String alertsTopic;

    public Demo(PrintStream out, Duration pollPeriod) throws Exception {
        this.out = out;
        Instant started = Instant.now();
        out.println("Starting an embedded Kafka broker and a simulated Genesys org...");
        broker = KafkaTestBroker.start();
        genesys = GenesysSimulator.start(20);
        Map<String, String> overrides = Feed.baseConfig(genesys.baseUrl(), GenesysSimulator.CLIENT_ID, GenesysSimulator.CLIENT_SECRET,
                broker.bootstrapServers());
        overrides.put("genesys.poll-period", pollPeriod.toMillis() + "ms");
        overrides.put("alerts.rules-file", demoAlertRules().toString());
        // these overrides beat environment variables: the demo always runs against its own simulator and broker
        FeedApplication app = FeedApplication.create(ConfigSource.fromEnvironment(overrides));
        String topic = app.config().statusTopic();
        alertsTopic = app.config().alertsTopic();
        broker.createTopics(topic, alertsTopic); // so the console consumer does not start on a missing topic
        feed = app.start();
        out.printf("Feed running: polling %s every %s, publishing to Kafka %s topic '%s' (started in %d ms).%n",
                genesys.baseUrl(), io.github.genesysqueuefeed.config.Durations.format(pollPeriod), broker.bootstrapServers(), topic,
                Duration.between(started, Instant.now()).toMillis());
        out.println("Each table below is one snapshot as a consumer reads it back from the topic, followed by the");
        out.println("threshold alerts it opened or closed (demo rule: 3 or more waiting for 2 snapshots). Ctrl-C stops.");
        consumer = consumer(broker.bootstrapServers(), List.of(topic, alertsTopic));
        printer = new Thread(this::printSnapshots, "demo-console");
        printer.start();
    }

    public static void main(String[] args) throws Exception {
        Demo demo = new Demo(System.out, Duration.ofSeconds(5));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping...");
            demo.close();
            stopped.countDown();
        }, "demo-shutdown"));
        stopped.await();
    }

    public int tablesPrinted() {
        return tablesPrinted;
    }

    private void printSnapshots() {
        Map<String, List<JsonNode>> byObservedAt = new HashMap<>();
        Map<String, List<JsonNode>> alertsByObservedAt = new HashMap<>();
        try {
            while (true) {
                var records = consumer.poll(Duration.ofMillis(300));
                for (ConsumerRecord<String, String> record : records) {
                    if (record.value() == null) {
                        continue; // a tombstone: the queue left the feed
                    }
                    JsonNode event = JSON.readTree(record.value());
                    (record.topic().equals(alertsTopic) ? alertsByObservedAt : byObservedAt)
                            .computeIfAbsent(event.path("observedAt").asText(), k -> new ArrayList<>()).add(event);
                }
                if (records.isEmpty() && !byObservedAt.isEmpty()) {
                    byObservedAt.keySet().stream().sorted().toList().forEach(at -> {
                        print(at, byObservedAt.remove(at));
                        printAlerts(alertsByObservedAt.remove(at));
                    });
                }
            }
        } catch (WakeupException stopping) {
            // close() woke us up
        } catch (Exception e) {
            out.println("demo console stopped: " + e);
        } finally {
            consumer.close();
            printerDone.countDown();
        }
    }

    private void print(String observedAt, List<JsonNode> events) {
        events.sort(Comparator.comparing(e -> e.path("queueName").asText("")));
        StringBuilder table = new StringBuilder();
        table.append(String.format("%nSnapshot %s  (%d queues)%n", observedAt, events.size()));
        table.append(String.format("%-22s %8s %12s %10s %9s%n", "queue", "waiting", "oldest wait", "available", "on queue"));
        Instant at = Instant.parse(observedAt);
        for (JsonNode e : events) {
            String oldest = "-";
            if (!e.path("oldestWaitingSince").isNull()) {
                long s = Math.max(0, Duration.between(Instant.parse(e.path("oldestWaitingSince").asText()), at).toSeconds());
                oldest = String.format("%d:%02d", s / 60, s % 60);
            }
            table.append(String.format("%-22s %8d %12s %10d %9d%n", e.path("queueName").asText("?"),
                    e.path("waiting").asLong(), oldest, e.at("/agents/available").asLong(), e.at("/agents/onQueue").asLong()));
        }
        out.print(table);
        out.flush();
        tablesPrinted++;
    }

    private void printAlerts(List<JsonNode> alerts) {
        if (alerts == null) {
            return;
        }
        for (JsonNode alert : alerts) {
            out.printf("  ALERT %-6s %s on %s: waiting %d%n", alert.path("state").asText(), alert.path("rule").asText(),
                    alert.path("queueName").asText("?"), alert.path("value").asLong());
        }
        out.flush();
    }

    /** A rule that trips now and then on the simulator's numbers, so the demo shows alerts as well. */
    private static java.nio.file.Path demoAlertRules() throws java.io.IOException {
        java.nio.file.Path rules = java.nio.file.Files.createTempFile("demo-alert-rules", ".yaml");
        rules.toFile().deleteOnExit();
        java.nio.file.Files.writeString(rules, """
                rules:
                  - name: queue-building-up
                    field: waiting
                    operator: ">="
                    open: 3
                    close: 1
                    for: 2
                """);
        return rules;
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, List<String> topics) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", "demo-console-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(topics);
        return consumer;
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            printerDone.await();
            feed.stop();
        } catch (Exception e) {
            out.println("while stopping the feed: " + e);
        }
        genesys.close();
        broker.close();
    }
}

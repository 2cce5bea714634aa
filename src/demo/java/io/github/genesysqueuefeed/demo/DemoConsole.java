package io.github.genesysqueuefeed.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
 * The demo's console: a Kafka consumer of the status and alerts topics, like any downstream tool. Polled events
 * ({@code source} poll: the start-up snapshot, each reconcile, every snapshot in poll mode) are gathered by
 * {@code observedAt} and printed as one table once the topic is quiet; pushed events ({@code source} push) give one
 * line per change of the org, printed when the event that completes it is read (a change reaches the feed as one
 * notification per changed group, the user group last, so it makes one event per group: the line says how many). The age of a row or line is the moment it is printed minus the moment the
 * simulated org made the newest change the event reflects (the change number the event's member count carries, see
 * {@link GenesysSimulator}); "-" when the queue has not changed since the console last showed it. Over 150 lines:
 * the consumer loop and the two layouts it prints share the per-queue bookkeeping of what was shown.
 */
final class DemoConsole implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final GenesysSimulator genesys;
    private final String alertsTopic;
    private final KafkaConsumer<String, String> consumer;
    private final Thread printer;
    private final CountDownLatch printerDone = new CountDownLatch(1);
    private volatile int tablesPrinted;
    private volatile int pushUpdatesPrinted;
    /** The change number last shown per queue (printer thread only). */
    private final Map<String, Integer> shownChange = new HashMap<>();
    /** Pushed events per queue since its last line (printer thread only). */
    private final Map<String, Integer> eventsSinceShown = new HashMap<>();

    DemoConsole(PrintStream out, GenesysSimulator genesys, String bootstrap, List<String> topics, String alertsTopic) {
        this.out = out;
        this.genesys = genesys;
        this.alertsTopic = alertsTopic;
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", "demo-console-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(topics);
        printer = new Thread(this::print, "demo-console");
        printer.start();
    }

    int tablesPrinted() {
        return tablesPrinted;
    }

    int pushUpdatesPrinted() {
        return pushUpdatesPrinted;
    }

    private void print() {
        Map<String, List<JsonNode>> snapshots = new HashMap<>();
        Map<String, List<JsonNode>> alertsOfSnapshots = new HashMap<>();
        try {
            while (true) {
                var records = consumer.poll(Duration.ofMillis(300));
                for (ConsumerRecord<String, String> record : records) {
                    if (record.value() == null) {
                        continue; // a tombstone: the queue left the feed
                    }
                    JsonNode event = JSON.readTree(record.value());
                    String observedAt = event.path("observedAt").asText();
                    if (record.topic().equals(alertsTopic)) {
                        if (snapshots.containsKey(observedAt)) {
                            alertsOfSnapshots.computeIfAbsent(observedAt, k -> new ArrayList<>()).add(event);
                        } else {
                            printAlerts(List.of(event));
                        }
                    } else if ("push".equals(event.path("source").asText())) {
                        printUpdate(event);
                    } else {
                        snapshots.computeIfAbsent(observedAt, k -> new ArrayList<>()).add(event);
                    }
                }
                if (records.isEmpty() && !snapshots.isEmpty()) {
                    snapshots.keySet().stream().sorted().toList().forEach(at -> {
                        printTable(at, snapshots.remove(at));
                        printAlerts(alertsOfSnapshots.remove(at));
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

    private void printUpdate(JsonNode e) {
        String queueId = e.path("queueId").asText();
        int events = eventsSinceShown.merge(queueId, 1, Integer::sum);
        if (changeNumber(e) <= shownChange.getOrDefault(queueId, 0)) {
            return; // a group of the next change: its line comes with the group that completes it
        }
        eventsSinceShown.remove(queueId);
        out.printf("  %s  push  %-22s waiting %3d  oldest %5s  available %3d  on queue %3d   age %6s  (%d event%s)%n",
                TIME.format(Instant.now()), e.path("queueName").asText("?"), e.path("waiting").asLong(),
                oldestWait(e), e.at("/agents/available").asLong(), e.at("/agents/onQueue").asLong(), age(e), events,
                events == 1 ? "" : "s");
        out.flush();
        pushUpdatesPrinted++;
    }

    private void printTable(String observedAt, List<JsonNode> events) {
        events.sort(Comparator.comparing(e -> e.path("queueName").asText("")));
        StringBuilder table = new StringBuilder();
        table.append(String.format("%nSnapshot %s  (%d queues, polled)%n", observedAt, events.size()));
        table.append(String.format("%-22s %8s %12s %10s %9s %9s%n", "queue", "waiting", "oldest wait", "available",
                "on queue", "age"));
        for (JsonNode e : events) {
            table.append(String.format("%-22s %8d %12s %10d %9d %9s%n", e.path("queueName").asText("?"),
                    e.path("waiting").asLong(), oldestWait(e), e.at("/agents/available").asLong(),
                    e.at("/agents/onQueue").asLong(), age(e)));
        }
        out.print(table);
        out.flush();
        tablesPrinted++;
    }

    private static String oldestWait(JsonNode e) {
        if (e.path("oldestWaitingSince").isNull() || e.path("oldestWaitingSince").isMissingNode()) {
            return "-";
        }
        long s = Math.max(0, Duration.between(Instant.parse(e.path("oldestWaitingSince").asText()),
                Instant.parse(e.path("observedAt").asText())).toSeconds());
        return String.format("%d:%02d", s / 60, s % 60);
    }

    /**
     * Now minus when the org made the newest change this event reflects; "-" when that change was shown already (a
     * snapshot table is printed when the topic goes quiet, so pushed lines may have shown newer ones first).
     */
    private String age(JsonNode e) {
        String queueId = e.path("queueId").asText();
        int change = changeNumber(e);
        int shown = shownChange.getOrDefault(queueId, 0);
        shownChange.put(queueId, Math.max(shown, change));
        long changedAt = genesys.changedAt(queueId, change);
        if (changedAt < 0 || change <= shown) {
            return "-";
        }
        long millis = System.currentTimeMillis() - changedAt;
        return millis < 10_000 ? millis + " ms" : String.format("%.1f s", millis / 1000.0);
    }

    private int changeNumber(JsonNode e) {
        return genesys.changeNumber(e.path("queueId").asText(), e.at("/agents/members").asLong());
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

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        printerDone.await();
    }
}

package io.github.genesysqueuefeed;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.genesysqueuefeed.feed.FeedStats;
import io.github.genesysqueuefeed.support.FeedTestEnvironment;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What consumers get beyond raw snapshots: on-change, heartbeats, sequences, alerts, tombstones. */
class DownstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String A = "7f3c2d6e-0000-4000-8000-00000000000a";
    private static final String B = "7f3c2d6e-0000-4000-8000-00000000000b";

    @RegisterExtension
    static final FeedTestEnvironment env = new FeedTestEnvironment();

    private FeedApplication feed;
    private String statusTopic;
    private String alertsTopic;
    @TempDir
    Path dir;

    @BeforeEach
    void stubGenesysAndCreateTopics() {
        GenesysStubs.token(env.genesys(), "downstream-token", 3600);
        GenesysStubs.queueNames(env.genesys(), Map.of(A, "Support", B, "Billing"));
        statusTopic = "status-" + UUID.randomUUID();
        alertsTopic = "alerts-" + UUID.randomUUID();
        env.broker().createTopics(statusTopic, alertsTopic);
    }

    private void start(Map<String, String> extra) throws Exception {
        Map<String, String> config = env.baseConfig("downstream-client", "downstream-secret");
        config.put("genesys.queue-ids", A + "," + B);
        config.put("genesys.poll-period", "300ms");
        config.put("kafka.topic.status", statusTopic);
        config.put("kafka.topic.alerts", alertsTopic);
        config.put("alerts.rules-file", dir.resolve("alert-rules.yaml").toString());
        config.putAll(extra);
        feed = env.start(config);
    }

    /** An observations answer in which each queue has the given number of voice interactions waiting. */
    private static String waiting(Map<String, Integer> waitingByQueue) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode results = root.putArray("results");
        waitingByQueue.forEach((queue, n) -> {
            ObjectNode voice = results.addObject();
            voice.putObject("group").put("queueId", queue).put("mediaType", "voice");
            voice.putArray("data").addObject().put("metric", "oWaiting").putObject("stats").put("count", n);
            ObjectNode users = results.addObject();
            users.putObject("group").put("queueId", queue);
            users.putArray("data").addObject().put("metric", "oOnQueueUsers").put("qualifier", "IDLE")
                    .putObject("stats").put("count", 2);
        });
        return root.toString();
    }

    private static Map<String, Integer> counts(int a, int b) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put(A, a);
        counts.put(B, b);
        return counts;
    }

    private void answer(String body) {
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)).willReturn(GenesysStubs.json(body)));
    }

    private void awaitSnapshots(int more) throws InterruptedException {
        FeedStats stats = feed.orgs().get("default").stats();
        long target = stats.snapshotsOk.get() + more;
        Instant deadline = Instant.now().plusSeconds(20);
        while (stats.snapshotsOk.get() < target) {
            assertTrue(Instant.now().isBefore(deadline), "snapshots keep coming");
            Thread.sleep(20);
        }
    }

    private static JsonNode value(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void onChangePublishesIdenticalSnapshotsOnceAndThenOnlyTheQueueThatChanged() throws Exception {
        answer(waiting(counts(3, 4)));
        start(Map.of("kafka.status.mode", "on-change", "kafka.status.heartbeat-period", "1h"));
        try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), statusTopic)) {
            awaitSnapshots(3); // three identical snapshots
            List<ConsumerRecord<String, String>> first = reader.drain(Duration.ofMillis(500));
            assertEquals(2, first.size(), "one event per queue for three identical snapshots");

            answer(waiting(counts(9, 4))); // only A changes
            awaitSnapshots(3);
            List<ConsumerRecord<String, String>> all = reader.drain(Duration.ofMillis(500));
            assertEquals(3, all.size(), "only the changed queue is published again");
            ConsumerRecord<String, String> changed = all.get(2);
            assertEquals(A, changed.key());
            assertEquals(9, value(changed).get("waiting").asInt());
            assertEquals(2, value(changed).get("sequence").asInt());
        }
    }

    @Test
    void onChangeRepublishesAnUnchangedQueueEveryHeartbeat() throws Exception {
        answer(waiting(counts(3, 4)));
        start(Map.of("kafka.status.mode", "on-change", "kafka.status.heartbeat-period", "1s"));
        try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), statusTopic)) {
            reader.readAtLeast(2, Duration.ofSeconds(20));
            Instant firstSeen = Instant.now();
            List<ConsumerRecord<String, String>> records = reader.readAtLeast(4, Duration.ofSeconds(10));
            assertTrue(Duration.between(firstSeen, Instant.now()).toMillis() >= 600,
                    "the heartbeat comes about a heartbeat period later, not with the next snapshot");
            awaitSnapshots(1);
            records = reader.drain(Duration.ofMillis(300));
            assertTrue(records.size() <= 8, "heartbeats, not every snapshot: " + records.size());
            List<Integer> sequencesOfA = records.stream().filter(r -> r.key().equals(A))
                    .map(r -> value(r).get("sequence").asInt()).toList();
            for (int i = 0; i < sequencesOfA.size(); i++) {
                assertEquals(i + 1, sequencesOfA.get(i), "sequence +1 per published event: " + sequencesOfA);
            }
        }
    }

    @Test
    void everySnapshotModeNumbersEachQueuesEventsOneByOne() throws Exception {
        answer(waiting(counts(1, 2)));
        start(Map.of());
        try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), statusTopic)) {
            List<ConsumerRecord<String, String>> records = reader.readAtLeast(10, Duration.ofSeconds(20));
            for (String queue : List.of(A, B)) {
                List<Integer> sequence = records.stream().filter(r -> r.key().equals(queue))
                        .map(r -> value(r).get("sequence").asInt()).toList();
                for (int i = 0; i < sequence.size(); i++) {
                    assertEquals(i + 1, sequence.get(i), queue + ": " + sequence);
                }
            }
        }
    }

    @Test
    void aRuleWithHysteresisOpensOnceAndClosesOnce() throws Exception {
        Files.writeString(dir.resolve("alert-rules.yaml"), """
                rules:
                  - name: long-queue
                    field: waiting
                    operator: ">"
                    open: 10
                    close: 5
                    for: 2
                    queues: ["%s"]
                """.formatted(A));
        int[] series = {3, 12, 14, 9, 4};
        String state = Scenario.STARTED;
        for (int i = 0; i < series.length; i++) {
            String next = i == series.length - 1 ? state : "s" + (i + 1);
            env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)).inScenario("waiting")
                    .whenScenarioStateIs(state).willSetStateTo(next)
                    .willReturn(GenesysStubs.json(waiting(counts(series[i], 0)))));
            state = next;
        }
        start(Map.of());
        try (TopicReader alerts = new TopicReader(env.broker().bootstrapServers(), alertsTopic);
             TopicReader status = new TopicReader(env.broker().bootstrapServers(), statusTopic)) {
            status.readUntil(records -> records.stream().filter(r -> r.key().equals(A))
                    .filter(r -> value(r).get("waiting").asInt() == 4).count() >= 3, Duration.ofSeconds(20),
                    "the series played out and 4 was seen a few times");
            List<ConsumerRecord<String, String>> records = alerts.drain(Duration.ofMillis(500));
            assertEquals(2, records.size(), "one OPEN, one CLOSED, nothing in between: " + records);
            JsonNode open = value(records.get(0));
            JsonNode closed = value(records.get(1));
            assertEquals("OPEN", open.get("state").asText());
            assertEquals(14, open.get("value").asInt());
            assertEquals(10, open.get("threshold").asInt());
            assertEquals("CLOSED", closed.get("state").asText());
            assertEquals(4, closed.get("value").asInt());
            assertEquals(5, closed.get("threshold").asInt());
            assertEquals("long-queue", open.get("rule").asText());
            assertEquals("Support", open.get("queueName").asText());
            assertEquals(A, records.get(0).key());
        }
    }

    @Test
    void editingTheRulesFileChangesTheNextSnapshotsOutcome() throws Exception {
        Path rules = dir.resolve("alert-rules.yaml");
        Files.writeString(rules, "rules:\n  - name: busy\n    field: waiting\n    open: 10\n");
        answer(waiting(counts(7, 7)));
        start(Map.of());
        try (TopicReader alerts = new TopicReader(env.broker().bootstrapServers(), alertsTopic)) {
            awaitSnapshots(3);
            assertEquals(0, alerts.drain(Duration.ofMillis(300)).size(), "7 is not above 10");

            Files.writeString(rules, "rules:\n  - name: busy\n    field: waiting\n    open: 5\n");
            Files.setLastModifiedTime(rules, FileTime.from(Instant.now().plusSeconds(1)));
            List<ConsumerRecord<String, String>> opened = alerts.readAtLeast(2, Duration.ofSeconds(10));
            assertTrue(opened.stream().allMatch(r -> value(r).get("state").asText().equals("OPEN")));

            Files.writeString(rules, "rules: [ this is not yaml");
            Files.setLastModifiedTime(rules, FileTime.from(Instant.now().plusSeconds(2)));
            awaitSnapshots(3);
            assertEquals(2, alerts.drain(Duration.ofMillis(300)).size(), "a broken file changes nothing");

            Files.writeString(rules, "rules: []\n");
            Files.setLastModifiedTime(rules, FileTime.from(Instant.now().plusSeconds(3)));
            List<ConsumerRecord<String, String>> closed = alerts.readAtLeast(4, Duration.ofSeconds(10));
            assertTrue(closed.subList(2, 4).stream().allMatch(r -> value(r).get("state").asText().equals("CLOSED")),
                    "a removed rule closes what it had open");
        }
    }

    @Test
    void aQueueThatLeavesTheFeedGetsATombstoneAndItsOpenAlertsClose() throws Exception {
        Files.writeString(dir.resolve("alert-rules.yaml"), "rules:\n  - name: any-waiting\n    field: waiting\n    open: 0\n");
        answer(waiting(counts(1, 1)));
        start(Map.of("genesys.queue-ids", "", "genesys.queue-refresh-period", "1s"));
        TopicReader alerts = new TopicReader(env.broker().bootstrapServers(), alertsTopic);
        alerts.readAtLeast(2, Duration.ofSeconds(20)); // A and B open
        try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), statusTopic)) {
            reader.readUntil(rs -> rs.stream().anyMatch(r -> r.key().equals(B)), Duration.ofSeconds(20), "B is fed");
            GenesysStubs.queueNames(env.genesys(), Map.of(A, "Support")); // B deleted in Genesys
            List<ConsumerRecord<String, String>> records = reader.readUntil(
                    rs -> rs.stream().anyMatch(r -> r.key().equals(B) && r.value() == null), Duration.ofSeconds(20),
                    "a tombstone for B");
            ConsumerRecord<String, String> tombstone = records.stream()
                    .filter(r -> r.key().equals(B) && r.value() == null).findFirst().orElseThrow();
            assertNull(tombstone.value());
            List<ConsumerRecord<String, String>> after = new ArrayList<>(reader.drain(Duration.ofSeconds(1)));
            int index = after.indexOf(tombstone);
            assertTrue(after.subList(index + 1, after.size()).stream().noneMatch(r -> r.key().equals(B)),
                    "nothing for B after its tombstone");
            List<ConsumerRecord<String, String>> alertRecords = alerts.readAtLeast(3, Duration.ofSeconds(10));
            JsonNode closed = value(alertRecords.get(2));
            assertEquals(B, alertRecords.get(2).key());
            assertEquals("CLOSED", closed.get("state").asText());
            assertEquals("Billing", closed.get("queueName").asText());
        } finally {
            alerts.close();
        }
    }
}

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

/**
 * A queue leaving the feed, end to end through real discovery: its tombstone and its open alerts closed. On-change,
 * heartbeats, sequences and alerts are proven by routes/QueueEventsRouteTest and the beans' unit tests.
 */
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

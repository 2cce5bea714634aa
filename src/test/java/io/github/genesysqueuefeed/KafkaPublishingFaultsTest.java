package io.github.genesysqueuefeed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genesysqueuefeed.feed.GenesysOrg;
import io.github.genesysqueuefeed.publish.KafkaProblems;
import io.github.genesysqueuefeed.publish.KafkaPublisher;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.genesysqueuefeed.support.FeedTestEnvironment;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.LogCapture;
import io.github.genesysqueuefeed.support.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kafka problems are Kafka's (issue 11, cases 10 and 11), against a broker that does not create topics by itself:
 * a record too large for Kafka becomes a dead letter while the rest of the snapshot is published, and a missing
 * topic neither stalls polling nor opens the Genesys circuit; what was held arrives once the topic exists.
 */
class KafkaPublishingFaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final FeedTestEnvironment env = FeedTestEnvironment.withBrokerProperties(
            Map.of("auto.create.topics.enable", "false"));

    @Test
    void aRecordTooLargeForKafkaIsDeadLetteredAndTheOtherQueuesArePublished() throws Exception {
        env.broker().createTopics("large-status", "large-alerts", "large-dead");
        List<String> ids = ids("3b", 3);
        String hugeName = "Q".repeat(1_200_000); // 1.2 MB: cut to 256 characters where names are read (issue 11)
        Map<String, String> names = new HashMap<>();
        names.put(ids.get(0), "Billing");
        names.put(ids.get(1), hugeName);
        names.put(ids.get(2), "Orders");
        Map<String, String> config = stubs(ids, names);
        // a media type of 1.2 MB is not cut anywhere: its event is over max.request.size (1 MiB)
        ObjectNode body = (ObjectNode) JSON.readTree(GenesysStubs.observationsBody(ids));
        for (JsonNode result : body.get("results")) {
            ObjectNode group = (ObjectNode) result.get("group");
            if (group.path("queueId").asText().equals(ids.get(2)) && group.has("mediaType")
                    && group.get("mediaType").asText().equals("voice")) {
                group.put("mediaType", "M".repeat(1_200_000));
            }
        }
        GenesysStubs.observationsForBatch(env.genesys(), ids.get(0), body.toString());
        config.put("kafka.topic.status", "large-status");
        config.put("kafka.topic.alerts", "large-alerts");
        config.put("kafka.topic.dead-letter", "large-dead");
        env.start(config);

        try (TopicReader status = new TopicReader(env.broker().bootstrapServers(), "large-status");
             TopicReader dead = new TopicReader(env.broker().bootstrapServers(), "large-dead")) {
            List<ConsumerRecord<String, String>> events = status.readUntil(
                    r -> r.stream().filter(e -> e.key().equals(ids.get(0))).count() >= 2
                            && r.stream().filter(e -> e.key().equals(ids.get(1))).count() >= 2,
                    Duration.ofSeconds(60), "the other queues' events, two snapshots");
            assertTrue(events.stream().noneMatch(e -> e.key().equals(ids.get(2))), "the oversized one is not published");
            JsonNode named = JSON.readTree(events.stream().filter(e -> e.key().equals(ids.get(1))).findFirst()
                    .orElseThrow().value());
            assertEquals("Q".repeat(256), named.get("queueName").asText(), "the 1.2 MB name is published cut to 256");
            JsonNode letter = JSON.readTree(dead.readAtLeast(1, Duration.ofSeconds(30)).get(0).value());
            assertEquals(ids.get(2), letter.get("queueId").asText());
            assertTrue(letter.get("sizeBytes").asInt() > 1_200_000, letter.toString().substring(0, 300));
            assertTrue(letter.get("reason").asText().contains(ids.get(2))
                    && letter.get("reason").asText().contains("max.request.size"), letter.get("reason").asText());
            assertTrue(letter.get("payload").asText().length() < 70_000, "the payload is truncated");
        }
    }

    @Test
    void aMissingTopicNeitherStallsPollingNorOpensTheGenesysCircuitAndItsEventsArriveOnceItExists() throws Exception {
        env.broker().createTopics("missing-alerts", "missing-dead");
        List<String> ids = ids("3c", 3);
        Map<String, String> config = stubs(ids, Map.of());
        config.put("kafka.topic.status", "missing-status");
        config.put("kafka.topic.alerts", "missing-alerts");
        config.put("kafka.topic.dead-letter", "missing-dead");
        config.put("kafka.producer.max-block-ms", "1000");
        config.put("genesys.circuit.failure-threshold", "2");

        try (LogCapture log = LogCapture.start()) {
            FeedApplication feed = env.start(config);
            GenesysOrg org = feed.orgs().get("default");
            KafkaPublisher publisher = feed.camelContext().getRegistry()
                    .lookupByNameAndType("kafkaPublisher", KafkaPublisher.class);
            KafkaProblems problems = feed.camelContext().getRegistry()
                    .lookupByNameAndType("kafkaProblems", KafkaProblems.class);

            waitUntil(() -> org.stats().snapshotsOk.get() >= 8, Duration.ofSeconds(40), "snapshots go on");
            assertEquals(0, org.stats().snapshotsFailed.get(), "Kafka fails no Genesys snapshot");
            assertEquals(CircuitBreaker.State.CLOSED, org.circuit().getState());
            assertTrue(publisher.heldSnapshots() >= 5, "the backlog holds: " + publisher.heldSnapshots());
            assertTrue(problems.current().isPresent(), "the problem is reported");
            long kafkaLines = log.lines().stream().filter(l -> l.contains("KafkaProblems") && l.contains("WARN")).count();
            assertTrue(kafkaLines >= 1 && kafkaLines <= 2, "one line per distinct problem per minute:\n"
                    + log.linesContaining("KafkaProblems"));

            env.broker().createTopics("missing-status");
            waitUntil(() -> publisher.heldSnapshots() == 0, Duration.ofSeconds(60), "the backlog drains");
            feed.stop();
            assertTrue(problems.current().isEmpty(), "recovered");
            assertTrue(log.text().contains("Genesys answers again") == false, "the Genesys circuit never opened");

            long published = org.stats().eventsPublished.get();
            try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), "missing-status")) {
                reader.readAtLeast((int) published, Duration.ofSeconds(30));
                List<ConsumerRecord<String, String>> records = reader.drain(Duration.ofSeconds(1));
                assertEquals(published, records.size());
                assertEquals(org.stats().snapshotsOk.get() * ids.size(), published, "every snapshot's events");
                Map<String, List<Long>> sequences = new TreeMap<>();
                for (ConsumerRecord<String, String> record : records) {
                    sequences.computeIfAbsent(record.key(), k -> new ArrayList<>())
                            .add(JSON.readTree(record.value()).get("sequence").asLong());
                }
                sequences.values().forEach(seq -> {
                    for (int i = 0; i < seq.size(); i++) {
                        assertEquals(i + 1, seq.get(i), "in order, no gap, no duplicate: " + seq);
                    }
                });
            }
        }
    }

    private static List<String> ids(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(String.format("%s3c2d6e-0000-4000-8000-%012d", prefix, i));
        }
        return ids;
    }

    private static Map<String, String> stubs(List<String> ids, Map<String, String> names) {
        GenesysStubs.token(env.genesys(), "token-faults", 3600);
        GenesysStubs.queueNames(env.genesys(), names);
        GenesysStubs.observationsForBatch(env.genesys(), ids.get(0), GenesysStubs.observationsBody(ids));
        Map<String, String> config = env.baseConfig();
        config.put("genesys.queue-ids", String.join(",", ids));
        config.put("genesys.poll-period", "500ms"); // 8 snapshots in 4 s, and a short publisher back-off by then
        return config;
    }

    private static void waitUntil(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), what + " within " + timeout);
            Thread.sleep(100);
        }
    }
}

package io.github.genesysqueuefeed;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.publish.KafkaPublisher;
import io.github.genesysqueuefeed.feed.FeedStats;
import io.github.genesysqueuefeed.support.Feed;
import io.github.genesysqueuefeed.support.FeedTestEnvironment;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.TopicReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import javax.management.ObjectName;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker goes away in the middle of a run and comes back. Polling goes on meanwhile (Genesys is asked every
 * period), the snapshots wait in the publisher's backlog, and afterwards a consumer reads every one of them, once,
 * in order per queue, with the observedAt of when they were taken. With a tiny kafka.outage.max-buffered, the
 * oldest held snapshots are dropped and counted, and what arrives is the newest.
 */
class KafkaOutageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "outage-status";
    private static final String SMALL_TOPIC = "outage-small-status";
    private static final int QUEUES = 5;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final FeedTestEnvironment env = FeedTestEnvironment.withRestartableBroker();

    @BeforeAll
    static void createTopics() {
        env.broker().createTopics(TOPIC, SMALL_TOPIC);
    }

    @Test
    void snapshotsTakenWhileTheBrokerIsAwayAllArriveOnceInOrderAfterItReturns() throws Exception {
        FeedApplication feed = env.start(config(TOPIC));
        KafkaPublisher publisher = publisher(feed);
        FeedStats stats = feed.orgs().get("default").stats();
        try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), TOPIC)) {
            reader.readAtLeast(2 * QUEUES, Duration.ofSeconds(30));
        }
        assertEquals(1, feed.camelContext().getEndpoints().stream().filter(KafkaEndpoint.class::isInstance).count(),
                "one kafka endpoint for every topic");
        assertEquals(1, ManagementFactory.getPlatformMBeanServer()
                        .queryNames(new ObjectName("kafka.producer:type=producer-metrics,*"), null).size(),
                "one Kafka producer in this JVM: the feed's");

        env.broker().stopBroker();
        Instant outageStarted = Instant.now();
        Instant outageEnded;
        try {
            // the snapshots go on while Kafka is away, and wait in the backlog
            // 16: the first one held may have been polled just before the broker stopped
            waitUntil(() -> publisher.heldSnapshots() >= 16, Duration.ofSeconds(40), "16 snapshots held");
            String ready = get(feed, "/observe/health/ready").body();
            assertTrue(ready.contains("Kafka away since") && ready.contains("snapshots ("), ready);
            String metrics = get(feed, "/observe/metrics").body();
            assertTrue(metrics.contains("genesys_feed_outage_buffered_snapshots"), metrics);
            assertTrue(metrics.contains("genesys_feed_outage_buffered_bytes"), metrics);
            assertEquals(0, stats.snapshotsFailed.get(), "Kafka fails no snapshot");
        } finally {
            env.broker().restartBroker();
            outageEnded = Instant.now();
        }
        long polledDuringOutage = env.genesys().findAll(postRequestedFor(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)))
                .stream().filter(r -> r.getLoggedDate().toInstant().isAfter(outageStarted)
                        && r.getLoggedDate().toInstant().isBefore(outageEnded)).count();
        assertTrue(polledDuringOutage >= 15, "Genesys was polled during the outage: " + polledDuringOutage);

        waitUntil(() -> publisher.heldSnapshots() == 0, Duration.ofSeconds(60), "the backlog drains");
        feed.stop();
        assertEquals(0, stats.snapshotsDropped.get());

        List<ConsumerRecord<String, String>> records = readAll(TOPIC, stats.eventsPublished.get());
        Map<String, List<JsonNode>> byQueue = byQueue(records);
        assertEquals(QUEUES, byQueue.size());
        for (List<JsonNode> events : byQueue.values()) {
            for (int i = 0; i < events.size(); i++) {
                assertEquals(i + 1, events.get(i).get("sequence").asLong(), "no gap, no duplicate, in order: " + events);
                if (i > 0) {
                    assertTrue(events.get(i).get("observedAt").asText()
                            .compareTo(events.get(i - 1).get("observedAt").asText()) > 0, "observedAt ascends");
                }
            }
            long takenDuringOutage = events.stream().map(e -> Instant.parse(e.get("observedAt").asText()))
                    .filter(at -> at.isAfter(outageStarted) && at.isBefore(outageEnded)).count();
            assertTrue(takenDuringOutage >= 15, "snapshots observed during the outage arrived: " + takenDuringOutage);
        }
    }

    @Test
    void aTinyBacklogDropsTheOldestSnapshotsCountsThemAndDeliversTheNewest() throws Exception {
        Map<String, String> config = config(SMALL_TOPIC);
        config.put("kafka.outage.max-buffered", "2048"); // about three compressed 5-queue snapshots
        FeedApplication feed = env.start(config);
        KafkaPublisher publisher = publisher(feed);
        FeedStats stats = feed.orgs().get("default").stats();
        try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), SMALL_TOPIC)) {
            reader.readAtLeast(QUEUES, Duration.ofSeconds(30));
        }

        env.broker().stopBroker();
        try {
            long maxHeld = 0;
            Instant deadline = Instant.now().plusSeconds(30);
            while (stats.snapshotsDropped.get() < 5) {
                assertTrue(Instant.now().isBefore(deadline), "the oldest snapshots are dropped: " + stats.snapshotsDropped);
                maxHeld = Math.max(maxHeld, publisher.heldBytes());
                Thread.sleep(100); // sampling the gauge, not waiting for an event
            }
            assertTrue(maxHeld <= 2 * 2048, "held bytes stay bounded: " + maxHeld);
            assertTrue(get(feed, "/observe/metrics").body().contains("genesys_feed_snapshots_dropped_total{org=\"default\"}"));
        } finally {
            env.broker().restartBroker();
        }
        waitUntil(() -> publisher.heldSnapshots() == 0, Duration.ofSeconds(60), "the backlog drains");
        feed.stop();

        long dropped = stats.snapshotsDropped.get();
        Map<String, List<JsonNode>> byQueue = byQueue(readAll(SMALL_TOPIC, stats.eventsPublished.get()));
        for (List<JsonNode> events : byQueue.values()) {
            // one gap per queue, exactly as long as the snapshots dropped: the oldest went, the newest arrived
            List<Long> gaps = new ArrayList<>();
            long expected = 1;
            for (JsonNode event : events) {
                long sequence = event.get("sequence").asLong();
                assertTrue(sequence >= expected, "in order, no duplicate: " + events);
                if (sequence > expected) {
                    gaps.add(sequence - expected);
                }
                expected = sequence + 1;
            }
            assertEquals(List.of(dropped), gaps, "one gap of the dropped snapshots");
        }
    }

    private static Map<String, String> config(String topic) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < QUEUES; i++) {
            ids.add(String.format("2a3c2d6e-0000-4000-8000-%012d", i));
        }
        GenesysStubs.token(env.genesys(), "token-outage", 3600);
        GenesysStubs.queueNames(env.genesys(), Map.of());
        GenesysStubs.observationsForBatch(env.genesys(), ids.get(0), GenesysStubs.observationsBody(ids));
        Map<String, String> config = env.baseConfig("outage-client", "outage-secret");
        config.put("genesys.queue-ids", String.join(",", ids));
        config.put("genesys.poll-period", "1s");
        config.put("kafka.topic.status", topic);
        return config;
    }

    private static KafkaPublisher publisher(FeedApplication feed) {
        return feed.camelContext().getRegistry().lookupByNameAndType("kafkaPublisher", KafkaPublisher.class);
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic, long published) {
        try (TopicReader all = new TopicReader(env.broker().bootstrapServers(), topic)) {
            all.readAtLeast((int) published, Duration.ofSeconds(30));
            List<ConsumerRecord<String, String>> records = all.drain(Duration.ofSeconds(1));
            assertEquals(published, records.size(), "what the feed counted as acknowledged is what a consumer reads");
            return records;
        }
    }

    /** Each queue's events in the order a consumer reads them (one partition per key). */
    private static Map<String, List<JsonNode>> byQueue(List<ConsumerRecord<String, String>> records) throws Exception {
        Map<String, List<JsonNode>> byQueue = new TreeMap<>();
        for (ConsumerRecord<String, String> record : records) {
            byQueue.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(JSON.readTree(record.value()));
        }
        return byQueue;
    }

    private static void waitUntil(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), what + " within " + timeout);
            Thread.sleep(100);
        }
    }

    private static HttpResponse<String> get(FeedApplication feed, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(Feed.managementUrl(feed) + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

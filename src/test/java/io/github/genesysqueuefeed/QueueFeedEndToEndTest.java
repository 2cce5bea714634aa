package io.github.genesysqueuefeed;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.genesysqueuefeed.genesys.ObservationQueryBuilder;
import io.github.genesysqueuefeed.support.FeedTestEnvironment;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole pipeline: WireMock as Genesys, the real Camel application, a real broker, a plain consumer. */
class QueueFeedEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final FeedTestEnvironment env = new FeedTestEnvironment();

    private FeedApplication feed;

    private Map<String, String> config(String topic, List<String> queueIds, String pollPeriod) {
        Map<String, String> config = env.baseConfig();
        config.put("genesys.queue-ids", String.join(",", queueIds));
        config.put("genesys.poll-period", pollPeriod);
        config.put("kafka.topic.status", topic);
        return config;
    }

    private static List<String> queueIds(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(String.format("1f3c2d6e-0000-4000-8000-%012d", i));
        }
        return ids;
    }

    @Test
    void twoHundredFiftyQueuesArePolledInThreeBatchesAndEveryQueueGetsItsEvent() throws Exception {
        List<String> ids = queueIds(250);
        Map<String, String> names = new LinkedHashMap<>();
        ids.forEach(id -> names.put(id, "Queue " + id.substring(id.length() - 3)));
        GenesysStubs.token(env.genesys(), "token-1", 3600);
        GenesysStubs.queueNames(env.genesys(), names);
        for (List<String> batch : ObservationQueryBuilder.batches(ids, 100)) {
            GenesysStubs.observationsForBatch(env.genesys(), batch.get(0), GenesysStubs.observationsBody(batch));
        }
        String topic = "status-" + UUID.randomUUID();

        feed = env.start(config(topic, ids, "1h"));

        try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), topic)) {
            List<ConsumerRecord<String, String>> records = reader.readAtLeast(250, Duration.ofSeconds(30));
            assertEquals(250, records.size(), "one event per queue, no more");
            assertEquals(Set.copyOf(ids), records.stream().map(ConsumerRecord::key).collect(Collectors.toSet()));
            for (ConsumerRecord<String, String> record : records) {
                JsonNode event = JSON.readTree(record.value());
                int indexInBatch = ids.indexOf(record.key()) % 100;
                assertEquals(record.key(), event.get("queueId").asText());
                assertEquals(names.get(record.key()), event.get("queueName").asText());
                assertEquals(GenesysStubs.expectedWaiting(indexInBatch), event.get("waiting").asLong());
                assertEquals(indexInBatch % 5, event.at("/agents/available").asLong());
                assertEquals(indexInBatch % 5 + 4, event.at("/agents/onQueue").asLong());
                assertEquals("default", header(record, "org"));
                assertEquals("queue.status", header(record, "eventType"));
                assertEquals("application/json", header(record, "content-type"));
            }
        }
        List<LoggedRequest> posts = env.genesys().findAll(postRequestedFor(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)));
        assertEquals(List.of(100, 100, 50), posts.stream()
                .map(r -> readTree(r.getBodyAsString()).at("/filter/predicates").size()).sorted((a, b) -> b - a).toList());
        for (LoggedRequest post : posts) {
            assertEquals("Bearer token-1", post.getHeader("Authorization"));
            assertEquals(null, post.getHeader("org"), "exchange bookkeeping must not leak into HTTP headers");
        }
        env.genesys().verify(1, postRequestedFor(urlPathEqualTo(GenesysStubs.TOKEN_PATH)));
    }

    @Test
    void tokenIsCachedAcrossSnapshotsAndRefreshedOnceOn401() throws Exception {
        List<String> ids = queueIds(2);
        GenesysStubs.queueNames(env.genesys(), Map.of());
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.TOKEN_PATH)).inScenario("tokens")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("second")
                .willReturn(GenesysStubs.json("{\"access_token\":\"token-1\",\"expires_in\":3600}")));
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.TOKEN_PATH)).inScenario("tokens")
                .whenScenarioStateIs("second")
                .willReturn(GenesysStubs.json("{\"access_token\":\"token-2\",\"expires_in\":3600}")));
        // token-1 works for two snapshots, then Genesys revokes it
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)).inScenario("revoke")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("one-left")
                .willReturn(GenesysStubs.json(GenesysStubs.observationsBody(ids))));
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)).inScenario("revoke")
                .whenScenarioStateIs("one-left").willSetStateTo("revoked")
                .willReturn(GenesysStubs.json(GenesysStubs.observationsBody(ids))));
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)).inScenario("revoke")
                .whenScenarioStateIs("revoked")
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer token-1"))
                .willReturn(aResponse().withStatus(401).withBody("{\"message\":\"expired\",\"code\":\"bad.credentials\",\"status\":401}")));
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)).inScenario("revoke")
                .whenScenarioStateIs("revoked")
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer token-2"))
                .willReturn(GenesysStubs.json(GenesysStubs.observationsBody(ids))));
        String topic = "status-" + UUID.randomUUID();

        feed = env.start(config(topic, ids, "200ms"));

        try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), topic)) {
            reader.readAtLeast(2 * 5, Duration.ofSeconds(30)); // five snapshots
        }
        List<String> authorizations = env.genesys().findAll(postRequestedFor(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)))
                .stream().map(r -> r.getHeader("Authorization")).toList();
        assertEquals(List.of("Bearer token-1", "Bearer token-1", "Bearer token-1", "Bearer token-2"),
                authorizations.subList(0, 4), "two good calls, the 401, then the retry with the fresh token");
        assertTrue(authorizations.subList(3, authorizations.size()).stream().allMatch("Bearer token-2"::equals));
        env.genesys().verify(2, postRequestedFor(urlPathEqualTo(GenesysStubs.TOKEN_PATH)));
        LoggedRequest login = env.genesys().findAll(postRequestedFor(urlPathEqualTo(GenesysStubs.TOKEN_PATH))).get(0);
        assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString(
                "test-client:s3cr3t-never-logged".getBytes(StandardCharsets.UTF_8)), login.getHeader("Authorization"));
        assertEquals("grant_type=client_credentials", login.getBodyAsString());
    }

    @Test
    void stoppingTheFeedLetsTheInFlightSnapshotFinishAndFlushesItsEvents() throws Exception {
        List<String> ids = queueIds(3);
        GenesysStubs.token(env.genesys(), "token-1", 3600);
        GenesysStubs.queueNames(env.genesys(), Map.of());
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH))
                .willReturn(GenesysStubs.json(GenesysStubs.observationsBody(ids)).withFixedDelay(1500)));
        String topic = "status-" + UUID.randomUUID();
        feed = env.start(config(topic, ids, "1h"));
        var stats = feed.camelContext().getRegistry()
                .lookupByNameAndType("genesysOrgs", io.github.genesysqueuefeed.feed.GenesysOrgs.class).get("default").stats();
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
        while (!stats.isSnapshotRunning()) {
            assertTrue(java.time.Instant.now().isBefore(deadline), "the first snapshot starts");
            Thread.onSpinWait();
        }

        feed.stop(); // what SIGTERM does: Camel's graceful shutdown waits for in-flight exchanges, then closes the producer
        feed = null;

        try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), topic)) {
            assertEquals(3, reader.readAtLeast(3, Duration.ofSeconds(20)).size());
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

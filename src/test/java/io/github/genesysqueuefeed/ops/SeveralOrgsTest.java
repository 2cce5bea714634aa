package io.github.genesysqueuefeed.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.genesysqueuefeed.FeedApplication;
import io.github.genesysqueuefeed.feed.GenesysOrgs;
import io.github.genesysqueuefeed.support.Feed;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.KafkaTestBroker;
import io.github.genesysqueuefeed.support.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two orgs in one feed: one whose credentials Genesys rejects forever must not slow the other. */
class SeveralOrgsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> GOOD_QUEUES = List.of("5d3c2d6e-0000-4000-8000-000000000001",
            "5d3c2d6e-0000-4000-8000-000000000002");
    private static KafkaTestBroker broker;
    private static WireMockServer goodOrg;
    private static WireMockServer badOrg;

    @BeforeAll
    static void start() {
        broker = KafkaTestBroker.start();
        broker.createTopics("orgs-status");
        goodOrg = new WireMockServer(wireMockConfig().dynamicPort());
        badOrg = new WireMockServer(wireMockConfig().dynamicPort());
        goodOrg.start();
        badOrg.start();
    }

    @AfterAll
    static void stop() {
        goodOrg.stop();
        badOrg.stop();
        broker.close();
    }

    @Test
    void anOrgWithRejectedCredentialsDoesNotSlowTheOther() throws Exception {
        GenesysStubs.token(goodOrg, "good-token", 3600);
        GenesysStubs.queueNames(goodOrg, Map.of(GOOD_QUEUES.get(0), "Support", GOOD_QUEUES.get(1), "Billing"));
        GenesysStubs.observationsForBatch(goodOrg, GOOD_QUEUES.get(0), GenesysStubs.observationsBody(GOOD_QUEUES));
        badOrg.stubFor(post(urlPathEqualTo(GenesysStubs.TOKEN_PATH)).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":\"invalid_client\",\"description\":\"client not found\"}")));

        Map<String, String> config = new HashMap<>();
        config.put("genesys.orgs", "emea,us");
        config.put("genesys.orgs.emea.api-url", goodOrg.baseUrl());
        config.put("genesys.orgs.emea.login-url", goodOrg.baseUrl());
        config.put("genesys.orgs.emea.client-id", "emea-client");
        config.put("genesys.orgs.emea.client-secret", "emea-secret");
        config.put("genesys.orgs.emea.queue-ids", String.join(",", GOOD_QUEUES));
        config.put("genesys.orgs.us.api-url", badOrg.baseUrl());
        config.put("genesys.orgs.us.login-url", badOrg.baseUrl());
        config.put("genesys.orgs.us.client-id", "us-client");
        config.put("genesys.orgs.us.client-secret", "us-wrong-secret");
        config.put("genesys.orgs.us.queue-ids", "5d3c2d6e-0000-4000-8000-0000000000ff");
        config.put("genesys.poll-period", "500ms");
        config.put("genesys.auth-failure-backoff", "2s");
        config.put("kafka.brokers", broker.bootstrapServers());
        config.put("kafka.topic.status", "orgs-status");
        FeedApplication feed = Feed.start(config);
        try (TopicReader reader = new TopicReader(broker.bootstrapServers(), "orgs-status")) {
            reader.readAtLeast(2, Duration.ofSeconds(20)); // the good org's first snapshot is out
            Instant from = Instant.now();
            List<ConsumerRecord<String, String>> records = reader.readAtLeast(2 + 2 * 8, Duration.ofSeconds(20));
            Duration took = Duration.between(from, Instant.now());
            assertTrue(took.compareTo(Duration.ofMillis(8 * 500 + 2000)) < 0,
                    "eight more snapshots of the good org on time despite the bad one: " + took);
            Set<String> orgs = new TreeSet<>();
            for (ConsumerRecord<String, String> record : records) {
                orgs.add(new String(record.headers().lastHeader("org").value(), StandardCharsets.UTF_8));
                assertEquals("emea", JSON.readTree(record.value()).get("org").asText());
            }
            assertEquals(Set.of("emea"), orgs);
        } finally {
            feed.stop();
        }
        GenesysOrgs orgs = feed.orgs();
        assertTrue(orgs.get("us").stats().snapshotsFailed.get() > 0, "the bad org's snapshots fail and are counted");
        assertEquals(0, orgs.get("us").stats().deadLetters.get(),
                "rejected credentials are a configuration problem, not a dead letter per batch");
        assertTrue(orgs.get("emea").stats().snapshotsFailed.get() == 0);
        int logins = badOrg.findAll(postRequestedFor(urlPathEqualTo(GenesysStubs.TOKEN_PATH))).size();
        assertTrue(logins <= 4, "rejected credentials are retried once per back-off, not per tick: " + logins);
    }
}

package io.github.genesysqueuefeed;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.genesysqueuefeed.support.NotificationsSimulator.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.genesysqueuefeed.event.Json;
import io.github.genesysqueuefeed.support.Feed;
import io.github.genesysqueuefeed.support.FeedTestEnvironment;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.LogCapture;
import io.github.genesysqueuefeed.support.NotificationsSimulator;
import io.github.genesysqueuefeed.support.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Push mode end to end: WireMock as Genesys (token, queue names, the reconcile's observations query), the
 * notifications simulator behind it (channels, subscriptions, the websocket), the real feed and a real broker, read
 * back by a consumer.
 */
class PushModeTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> IDS = List.of("1f3c2d6e-0000-4000-8000-000000000001",
            "1f3c2d6e-0000-4000-8000-000000000002", "1f3c2d6e-0000-4000-8000-000000000003");

    @RegisterExtension
    static final FeedTestEnvironment env = new FeedTestEnvironment();

    private NotificationsSimulator notifications;

    @BeforeEach
    void genesys() throws Exception {
        Map<String, String> names = new LinkedHashMap<>();
        IDS.forEach(id -> names.put(id, "Queue " + id.substring(id.length() - 1)));
        GenesysStubs.token(env.genesys(), "token-1", 3600);
        GenesysStubs.queueNames(env.genesys(), names);
        GenesysStubs.observationsForBatch(env.genesys(), IDS.get(0), GenesysStubs.observationsBody(IDS));
        notifications = NotificationsSimulator.start(Duration.ofMillis(500));
        notifications.routeThrough(env.genesys());
    }

    @AfterEach
    void closeSimulator() throws Exception {
        notifications.close();
    }

    private Map<String, String> pushConfig(String topic) {
        Map<String, String> config = env.baseConfig();
        config.put("genesys.mode", "push");
        config.put("genesys.queue-ids", String.join(",", IDS));
        config.put("genesys.poll-period", "300ms");
        config.put("genesys.push.reconcile-period", "1h");
        config.put("kafka.topic.status", topic);
        return config;
    }

    @Test
    void aPushedChangeIsPublishedAndTicksBetweenReconcilesCallNoQuery() throws Exception {
        String topic = "push-" + UUID.randomUUID();
        FeedApplication feed = env.start(pushConfig(topic));
        try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), topic)) {
            // start-up: one reconcile poll, one event per queue, source poll
            List<ConsumerRecord<String, String>> reconcile = reader.readAtLeast(IDS.size(), Duration.ofSeconds(30));
            for (ConsumerRecord<String, String> record : reconcile) {
                assertEquals("poll", Json.mapper().readTree(record.value()).get("source").asText());
            }
            waitFor(() -> notifications.channelIds().stream().anyMatch(id -> notifications.connected(id)
                    && notifications.topics(id).size() == IDS.size()), "a channel with every queue's topic, open");
            int queries = observationQueries();

            notifications.push(IDS.get(1), "voice", metric("oWaiting", 42), metric("oInteracting", 5));
            List<ConsumerRecord<String, String>> seen = reader.readUntil(records -> records.stream()
                    .anyMatch(r -> r.key().equals(IDS.get(1)) && r.value().contains("\"source\":\"push\"")),
                    Duration.ofSeconds(10), "the pushed change on the topic");
            JsonNode pushed = Json.mapper().readTree(seen.stream().filter(r -> r.key().equals(IDS.get(1))
                    && r.value().contains("\"source\":\"push\"")).findFirst().orElseThrow().value());
            // the voice group is replaced; the chat group (1 waiting at the reconcile) stays: 42 + 1
            assertEquals(43, pushed.get("waiting").asLong());
            assertEquals(5, pushed.get("interacting").asLong());
            assertEquals("Queue 2", pushed.get("queueName").asText(), "the same event a poll computes");
            assertEquals(42, pushed.get("byMediaType").get("voice").get("waiting").asLong());

            // heartbeats arrive every 500 ms and ticks every 300 ms: two seconds of both, no observations query
            int frames = notifications.framesSent();
            waitFor(() -> notifications.framesSent() >= frames + 4, "four more heartbeats");
            assertEquals(queries, observationQueries(), "between reconciles the ticks do not poll");

            String ready = get(feed, "/observe/health/ready?data=true");
            assertTrue(ready.contains("\"mode\":\"push\""), ready);
            String metrics = get(feed, "/observe/metrics");
            assertTrue(metrics.contains("genesys_feed_push_channels_open{org=\"default\"} 1.0"), metrics);
            assertTrue(metrics.contains("genesys_feed_push_active{org=\"default\"} 1.0"), metrics);
            assertTrue(metrics.contains("genesys_feed_push_topics_subscribed{org=\"default\"} 3.0"), metrics);
            waitFor(() -> metricsText(feed).contains("genesys_feed_push_latency_seconds_count{org=\"default\"}"),
                    "the change-to-publish latency of the pushed change, once Kafka acknowledged it");
        }
    }

    @Test
    void aDroppedSocketIsReopenedAndAReconcileFollows() throws Exception {
        String topic = "push-drop-" + UUID.randomUUID();
        env.start(pushConfig(topic));
        waitFor(() -> notifications.channelIds().stream().anyMatch(notifications::connected), "an open channel");
        waitFor(() -> observationQueries() >= 1, "the start-up reconcile");
        int queries = observationQueries();
        String channel = notifications.channelIds().stream().filter(notifications::connected).findFirst().orElseThrow();

        notifications.dropSocket(channel);

        waitFor(() -> notifications.connected(channel), "the same channel's socket open again");
        waitFor(() -> observationQueries() > queries, "a reconcile poll after the reconnect");
    }

    @Test
    void refusedNotificationsFallBackToPollingEveryPeriodAndSaySoOnce() throws Exception {
        notifications.refuseChannels(404, null);
        String topic = "push-refused-" + UUID.randomUUID();
        try (LogCapture log = LogCapture.start()) {
            FeedApplication feed = env.start(pushConfig(topic));
            waitFor(() -> observationQueries() >= 4, "a query every poll period, as in poll mode");
            try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), topic)) {
                List<ConsumerRecord<String, String>> records = reader.readAtLeast(2 * IDS.size(), Duration.ofSeconds(30));
                assertTrue(records.stream().allMatch(r -> r.value().contains("\"source\":\"poll\"")));
            }
            String ready = get(feed, "/observe/health/ready?data=true");
            assertTrue(ready.contains("push unavailable"), ready);
            assertTrue(metricsText(feed).contains("genesys_feed_push_active{org=\"default\"} 0.0"));
            assertEquals(1, log.lines().stream().filter(line -> line.contains("PushFeed")
                    && line.contains("polling every")).count(), log.linesContaining("PushFeed"));
        }
    }

    private int observationQueries() {
        return env.genesys().findAll(postRequestedFor(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH))).size();
    }

    private static String metricsText(FeedApplication feed) {
        try {
            return get(feed, "/observe/metrics");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String get(FeedApplication feed, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(Feed.managementUrl(feed) + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "timed out waiting for: " + what);
            Thread.sleep(50);
        }
    }
}

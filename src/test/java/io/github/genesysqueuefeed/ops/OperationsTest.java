package io.github.genesysqueuefeed.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.genesysqueuefeed.FeedApplication;
import io.github.genesysqueuefeed.support.Feed;
import io.github.genesysqueuefeed.support.FeedTestEnvironment;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /observe/health and /observe/metrics of a running feed, as Kubernetes probes and Prometheus see them. */
class OperationsTest {

    private static final List<String> IDS = List.of("3b3c2d6e-0000-4000-8000-000000000001",
            "3b3c2d6e-0000-4000-8000-000000000002");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final FeedTestEnvironment env = new FeedTestEnvironment();

    private FeedApplication feed;

    @BeforeEach
    void stubGenesys() {
        GenesysStubs.token(env.genesys(), "ops-token", 3600);
        GenesysStubs.queueNames(env.genesys(), Map.of());
    }

    private FeedApplication startFeed(String topic, String pollPeriod) throws Exception {
        Map<String, String> config = env.baseConfig("ops-client", "ops-secret");
        config.put("genesys.queue-ids", String.join(",", IDS));
        config.put("genesys.poll-period", pollPeriod);
        config.put("genesys.retry.max-attempts", "1");
        config.put("kafka.topic.status", topic);
        return env.start(config);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(Feed.managementUrl(feed) + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> getUntil(String path, Predicate<HttpResponse<String>> done, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        HttpResponse<String> response = get(path);
        while (!done.test(response)) {
            assertTrue(Instant.now().isBefore(deadline), path + " never got there; last: " + response.statusCode() + " " + response.body());
            Thread.sleep(100); // poll-until: the probe is what changes
            response = get(path);
        }
        return response;
    }

    @Test
    void readinessFollowsGenesysAndLivenessStaysUp() throws Exception {
        GenesysStubs.observationsForBatch(env.genesys(), IDS.get(0), GenesysStubs.observationsBody(IDS));
        feed = startFeed("ops-" + UUID.randomUUID(), "300ms");

        HttpResponse<String> ready = getUntil("/observe/health/ready", r -> r.statusCode() == 200, Duration.ofSeconds(20));
        assertTrue(ready.body().contains("\"snapshots-default\"") && ready.body().contains("\"UP\""), ready.body());

        // Genesys stops answering (every connection is reset): after 3 poll periods without a good snapshot the
        // feed is not ready
        env.genesys().resetMappings();
        GenesysStubs.token(env.genesys(), "ops-token", 3600);
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH))
                .willReturn(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
        HttpResponse<String> notReady = getUntil("/observe/health/ready", r -> r.statusCode() == 503, Duration.ofSeconds(20));
        assertTrue(notReady.body().contains("snapshots-default") && notReady.body().contains("more than 3 poll periods"),
                "the body says which check failed and why: " + notReady.body());
        assertEquals(200, get("/observe/health/live").statusCode(), "an outage is no reason to restart the pod");

        GenesysStubs.observationsForBatch(env.genesys(), IDS.get(0), GenesysStubs.observationsBody(IDS));
        getUntil("/observe/health/ready", r -> r.statusCode() == 200, Duration.ofSeconds(20));
    }

    @Test
    void metricsCountWhatHappenedWithAnOrgLabel() throws Exception {
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)).inScenario("limits")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("second")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")
                        .withBody("{\"message\":\"Rate limit exceeded\",\"code\":\"too.many.requests.retry.after\",\"status\":429}")));
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)).inScenario("limits")
                .whenScenarioStateIs("second").willSetStateTo("ok")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")));
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)).inScenario("limits")
                .whenScenarioStateIs("ok").willReturn(GenesysStubs.json(GenesysStubs.observationsBody(IDS))));
        String topic = "ops-" + UUID.randomUUID();
        Map<String, String> overrides = new HashMap<>();
        feed = startFeedWithAttempts(topic, overrides);

        try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), topic)) {
            reader.readAtLeast(2, Duration.ofSeconds(20));
        }
        String metrics = getUntil("/observe/metrics",
                r -> r.body().contains("genesys_feed_snapshots_total{org=\"default\",outcome=\"ok\"} 1.0"),
                Duration.ofSeconds(10)).body();
        for (String series : List.of(
                "genesys_feed_rate_limited_total{org=\"default\"} 2.0",
                "genesys_feed_api_calls_total{org=\"default\",status=\"429\"} 2.0",
                "genesys_feed_api_calls_total{org=\"default\",status=\"200\"} 1.0",
                "genesys_feed_retries_total{org=\"default\"} 2.0",
                "genesys_feed_token_fetches_total{org=\"default\"} 1.0",
                "genesys_feed_events_published_total{org=\"default\",topic=\"" + topic + "\"} 2.0",
                "genesys_feed_dead_letters_total{org=\"default\"} 0.0",
                "genesys_feed_snapshots_total{org=\"default\",outcome=\"failed\"} 0.0",
                "genesys_feed_queues_tracked{org=\"default\"} 2.0",
                "genesys_feed_circuit_open{org=\"default\"} 0.0",
                "genesys_feed_snapshot_duration_seconds_count{org=\"default\"} 1",
                "genesys_feed_retry_after_wait_seconds_total{org=\"default\"}",
                "genesys_feed_data_age_seconds{org=\"default\"}",
                // resilience4j's own series of the org's snapshot circuit breaker (resilience4j-micrometer)
                "resilience4j_circuitbreaker_state{name=\"snapshots-default\",state=\"closed\"} 1.0",
                "resilience4j_circuitbreaker_calls_seconds_count{kind=\"successful\",name=\"snapshots-default\"} 1")) {
            assertTrue(metrics.contains(series), "missing " + series);
        }
    }

    private FeedApplication startFeedWithAttempts(String topic, Map<String, String> extra) throws Exception {
        Map<String, String> config = env.baseConfig("ops-client", "ops-secret");
        config.put("genesys.queue-ids", String.join(",", IDS));
        config.put("genesys.poll-period", "1h");
        config.put("kafka.topic.status", topic);
        config.putAll(extra);
        return env.start(config);
    }
}

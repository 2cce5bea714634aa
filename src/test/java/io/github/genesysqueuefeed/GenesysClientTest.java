package io.github.genesysqueuefeed;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.genesysqueuefeed.feed.GenesysOrgs;
import io.github.genesysqueuefeed.feed.FeedStats;
import io.github.genesysqueuefeed.support.FeedTestEnvironment;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.LogCapture;
import io.github.genesysqueuefeed.support.RawHttpServer;
import io.github.genesysqueuefeed.support.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The one Genesys client, from the outside: every call through the egress proxy, the budget spent by listing too,
 * Retry-After capped, trickling bodies ended at the call deadline (observations and token), oversized answers refused
 * and dead-lettered, a short token lifetime floored, a token refused with 431 replaced. WireMock and a raw JDK server
 * play Genesys, a WireMock in browser-proxy mode plays the corporate proxy, the real feed runs against a real broker.
 */
class GenesysClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(25);
    private static final List<String> IDS = List.of("3c5d7e9f-0000-4000-8000-000000000001",
            "3c5d7e9f-0000-4000-8000-000000000002");

    @RegisterExtension
    static final FeedTestEnvironment env = new FeedTestEnvironment();

    private FeedApplication feed;
    private String statusTopic;
    private String deadLetterTopic;

    @BeforeEach
    void newTopics() {
        statusTopic = "status-" + UUID.randomUUID();
        deadLetterTopic = "dead-" + UUID.randomUUID();
    }

    // ------------------------------------------------------------------------------------ egress proxy

    @Test
    void everyGenesysCallGoesThroughTheAuthenticatingProxyAndListingSpendsTheBudget() throws Exception {
        String password = "Pr0xy-pass-5c2e91";
        WireMockServer proxy = new WireMockServer(wireMockConfig().dynamicPort().enableBrowserProxying(true));
        proxy.start();
        try (LogCapture log = LogCapture.start()) {
            // the proxy wants Basic credentials; with them, it forwards to Genesys (WireMock)
            proxy.stubFor(any(anyUrl()).withHeader("Proxy-Authorization", absent())
                    .willReturn(aResponse().withStatus(407).withHeader("Proxy-Authenticate", "Basic realm=\"egress\"")));
            GenesysStubs.token(env.genesys(), "token-1", 3600);
            GenesysStubs.queueNames(env.genesys(), Map.of(IDS.get(0), "Support", IDS.get(1), "Sales"));
            env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH))
                    .willReturn(GenesysStubs.json(GenesysStubs.observationsBody(IDS))));
            Map<String, String> config = config("200ms");
            config.put("genesys.http.proxy", "http://feed:" + password + "@localhost:" + proxy.port());
            config.put("genesys.requests-per-minute", "3"); // the name lookup and two observation calls
            config.put("camel.main.shutdown-timeout", "1");

            feed = env.start(config);

            readStatus(4); // two snapshots went through
            awaitTrue(() -> env.genesys().findAll(anyRequestedFor(anyUrl())).size() >= 4, "token, lookup, 2 queries");
            Instant quietUntil = Instant.now().plusMillis(1500);
            while (Instant.now().isBefore(quietUntil)) {
                assertTrue(apiCalls() <= 3, apiCalls() + " API calls with requests-per-minute=3");
                pollInterval();
            }
            assertEquals(1, env.genesys().findAll(getRequestedFor(urlPathEqualTo(GenesysStubs.QUEUES_PATH))).size());
            assertEquals(2, env.genesys().findAll(postRequestedFor(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH))).size(),
                    "the lookup spent one of the 3 calls: only 2 observation calls fit");

            List<LoggedRequest> forwarded = proxy.findAll(anyRequestedFor(anyUrl()).withHeader("Proxy-Authorization",
                    equalTo("Basic " + java.util.Base64.getEncoder().encodeToString(("feed:" + password).getBytes()))));
            List<String> paths = forwarded.stream().map(r -> r.getUrl().replaceAll("^https?://[^/]+", "").replaceAll("\\?.*", "")).toList();
            assertTrue(paths.contains(GenesysStubs.TOKEN_PATH), "token call through the proxy: " + paths);
            assertTrue(paths.contains(GenesysStubs.QUEUES_PATH), "listing through the proxy: " + paths);
            assertEquals(2, paths.stream().filter(GenesysStubs.OBSERVATIONS_PATH::equals).count(), paths.toString());
            assertEquals(env.genesys().findAll(anyRequestedFor(anyUrl())).size(), forwarded.size(),
                    "every call Genesys saw came through the proxy");

            feed.stop();
            feed = null;
            String text = log.text();
            assertFalse(text.contains(password), "proxy password in the log:\n" + log.linesContaining(password));
            assertTrue(text.contains("http://feed:******@localhost:" + proxy.port()), "the proxy is logged, masked");
        } finally {
            proxy.stop();
        }
    }

    // ------------------------------------------------------------------------------------ Retry-After, token lifetime

    @Test
    void aRetryAfterOfNinetyNineMillionSecondsIsCappedAndATokenOfOneSecondIsNotALoginPerCall() throws Exception {
        GenesysStubs.token(env.genesys(), "token-1", 1);
        GenesysStubs.queueNames(env.genesys(), Map.of());
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)).inScenario("429")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ok")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "99999999")
                        .withBody("{\"message\":\"Rate limit exceeded\",\"code\":\"too.many.requests.retry.after\",\"status\":429}")));
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)).inScenario("429")
                .whenScenarioStateIs("ok").willReturn(GenesysStubs.json(GenesysStubs.observationsBody(IDS))));
        Map<String, String> config = config("200ms");
        config.put("genesys.retry.max-delay", "1s");

        try (LogCapture log = LogCapture.start()) {
            feed = env.start(config);

            readStatus(2 * 4); // the 429'd batch after a capped pause, then more snapshots
            assertEquals(1, stats().rateLimited.get());
            assertTrue(stats().retryAfterWaitedMillis.get() <= 1000, stats().retryAfterWaitedMillis.get() + " ms");
            String capped = log.linesContaining("genesys.retry.max-delay");
            assertEquals(1, capped.lines().count(), "one line says the wait was capped: " + capped);
            assertTrue(capped.contains("99999999"), capped);
        }
        assertEquals(1, env.genesys().findAll(postRequestedFor(urlPathEqualTo(GenesysStubs.TOKEN_PATH))).size(),
                "expires_in=1 is used as 60 s: one login, not one per call");
    }

    // ------------------------------------------------------------------------------------ trickling bodies

    @Test
    void anObservationsBodyTricklingOneByteEveryTwoSecondsEndsAtTheDeadline() throws Exception {
        try (RawHttpServer api = new RawHttpServer()) {
            api.on(GenesysStubs.QUEUES_PATH, RawHttpServer.json("{\"entities\":[],\"pageCount\":1,\"total\":0}"))
                    .on(GenesysStubs.OBSERVATIONS_PATH, RawHttpServer.trickle(GenesysStubs.observationsBody(IDS),
                            Duration.ofSeconds(2)));
            GenesysStubs.token(env.genesys(), "token-1", 3600);
            Map<String, String> config = config("500ms");
            config.put("genesys.api-url", api.baseUrl());
            config.put("genesys.http.read-timeout", "2s");
            config.put("genesys.retry.max-attempts", "1");

            Instant started = Instant.now();
            feed = env.start(config);

            JsonNode dead = JSON.readTree(readDeadLetters(1).get(0).value());
            assertTrue(Duration.between(started, Instant.now()).toSeconds() < 12, "the call ended at its deadline");
            assertTrue(dead.get("exception").asText().endsWith("HttpTimeoutException"), dead.toString());
            assertTrue(dead.get("reason").asText().contains("genesys.http.read-timeout (2s)"), dead.toString());

            assertStopsPromptly();
        }
    }

    @Test
    void aTokenEndpointTricklingOneByteEveryTwoSecondsFailsTheSnapshotAtTheDeadline() throws Exception {
        try (RawHttpServer login = new RawHttpServer()) {
            login.on(GenesysStubs.TOKEN_PATH, RawHttpServer.trickle(
                    "{\"access_token\":\"token-1\",\"token_type\":\"bearer\",\"expires_in\":3600}", Duration.ofSeconds(2)));
            GenesysStubs.queueNames(env.genesys(), Map.of());
            Map<String, String> config = config("500ms");
            config.put("genesys.login-url", login.baseUrl());
            config.put("genesys.http.read-timeout", "2s");
            config.put("genesys.retry.max-attempts", "1");
            config.put("genesys.parallel-batches", "2");
            config.put("genesys.batch-size", "1"); // two batches wait for the same token
            config.put("genesys.requests-per-minute", "300"); // 2 calls every 500 ms fit: the batch does not grow

            feed = env.start(config);

            JsonNode dead = JSON.readTree(readDeadLetters(2).get(0).value());
            assertTrue(dead.get("reason").asText().contains("token"), dead.toString());
            awaitTrue(() -> stats().snapshotsFailed.get() >= 1, "the snapshot ends as failed, not stuck");

            assertStopsPromptly();
        }
    }

    // ------------------------------------------------------------------------------------ oversized answers

    @Test
    void aHundredMegabyteAnswerIsRefusedAtTheCapAndDeadLetteredAndPollingGoesOn() throws Exception {
        try (RawHttpServer api = new RawHttpServer()) {
            api.on(GenesysStubs.QUEUES_PATH, RawHttpServer.json("{\"entities\":[],\"pageCount\":1,\"total\":0}"))
                    .on(GenesysStubs.OBSERVATIONS_PATH, RawHttpServer.huge(100L * 1024 * 1024));
            GenesysStubs.token(env.genesys(), "token-1", 3600);
            Map<String, String> config = config("300ms");
            config.put("genesys.api-url", api.baseUrl());

            feed = env.start(config);

            List<ConsumerRecord<String, String>> dead = readDeadLetters(2); // two snapshots: the feed is not stuck
            JsonNode first = JSON.readTree(dead.get(0).value());
            assertTrue(first.get("reason").asText().contains("genesys.http.max-response-bytes=16777216"), first.toString());
            assertEquals("response.too.large", first.get("code").asText());
            assertEquals(0, stats().retries.get(), "the same question gets the same answer: not retried");
            awaitTrue(() -> stats().snapshotsFailed.get() >= 2, "each snapshot ends, counted as failed");
        }
    }

    // ------------------------------------------------------------------------------------ refused tokens

    @Test
    void aTokenTheApiKeepsRefusingWith431IsReplaced() throws Exception {
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.TOKEN_PATH)).inScenario("tokens")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("second")
                .willReturn(GenesysStubs.json("{\"access_token\":\"token-big\",\"expires_in\":86400}")));
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.TOKEN_PATH)).inScenario("tokens")
                .whenScenarioStateIs("second")
                .willReturn(GenesysStubs.json("{\"access_token\":\"token-good\",\"expires_in\":86400}")));
        GenesysStubs.queueNames(env.genesys(), Map.of());
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH))
                .withHeader("Authorization", equalTo("Bearer token-big"))
                .willReturn(aResponse().withStatus(431).withBody("Request Header Fields Too Large")));
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH))
                .withHeader("Authorization", equalTo("Bearer token-good"))
                .willReturn(GenesysStubs.json(GenesysStubs.observationsBody(IDS))));

        try (LogCapture log = LogCapture.start()) {
            feed = env.start(config("200ms"));

            readStatus(2);
            assertTrue(log.text().contains("refused the access token 3 times in a row without a 401"),
                    log.linesContaining("refused"));
        }
        assertEquals(2, env.genesys().findAll(postRequestedFor(urlPathEqualTo(GenesysStubs.TOKEN_PATH))).size());
        assertEquals(3, env.genesys().findAll(postRequestedFor(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH))
                .withHeader("Authorization", equalTo("Bearer token-big"))).size(), "3 refusals, then a new token");
    }

    // ------------------------------------------------------------------------------------ helpers

    private void assertStopsPromptly() throws Exception {
        Instant stopping = Instant.now();
        feed.stop();
        feed = null;
        long tookMs = Duration.between(stopping, Instant.now()).toMillis();
        assertTrue(tookMs < 8000, "shutdown took " + tookMs + " ms");
    }

    private Map<String, String> config(String pollPeriod) {
        Map<String, String> config = env.baseConfig();
        config.put("genesys.queue-ids", String.join(",", IDS));
        config.put("genesys.poll-period", pollPeriod);
        config.put("genesys.retry.initial-delay", "100ms");
        config.put("genesys.retry.max-delay", "500ms");
        config.put("kafka.topic.status", statusTopic);
        config.put("kafka.topic.dead-letter", deadLetterTopic);
        return config;
    }

    private static int apiCalls() {
        return env.genesys().findAll(getRequestedFor(urlPathEqualTo(GenesysStubs.QUEUES_PATH))).size()
                + env.genesys().findAll(postRequestedFor(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH))).size();
    }

    private FeedStats stats() {
        return feed.camelContext().getRegistry().lookupByNameAndType("genesysOrgs", GenesysOrgs.class)
                .get("default").stats();
    }

    private List<ConsumerRecord<String, String>> readStatus(int count) {
        try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), statusTopic)) {
            return reader.readAtLeast(count, TIMEOUT);
        }
    }

    private List<ConsumerRecord<String, String>> readDeadLetters(int count) {
        try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), deadLetterTopic)) {
            return new ArrayList<>(reader.readAtLeast(count, TIMEOUT));
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + TIMEOUT + ": " + what);
            }
            pollInterval();
        }
    }

    /** The interval between two looks at a condition (callers loop with a deadline). */
    private static void pollInterval() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

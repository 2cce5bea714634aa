package io.github.genesysqueuefeed;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.genesysqueuefeed.feed.GenesysOrg;
import io.github.genesysqueuefeed.feed.GenesysOrgs;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.genesysqueuefeed.feed.FeedStats;
import io.github.genesysqueuefeed.support.FeedTestEnvironment;
import io.github.genesysqueuefeed.support.LogCapture;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the feed does when Genesys misbehaves: 429 with and without Retry-After, gateway errors, permanent errors,
 * timeouts, malformed bodies, the per-token budget, secrets in logs and dead letters, skipped ticks and the circuit
 * breaker. WireMock plays Genesys, the real application runs against a real in-JVM broker.
 */
class ResilienceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

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

    // ---------------------------------------------------------------------------------------- 429

    @Test
    void rateLimitedCallIsRetriedOnlyAfterRetryAfter() throws Exception {
        List<String> ids = queueIds(2);
        standardStubs(ids, "token-1");
        env.genesys().stubFor(observations().inScenario("429").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ok")
                .willReturn(tooManyRequests().withHeader("Retry-After", "2")));
        env.genesys().stubFor(observations().inScenario("429").whenScenarioStateIs("ok")
                .willReturn(GenesysStubs.json(GenesysStubs.observationsBody(ids))));

        Map<String, String> config = config(ids, "1h");
        config.put("genesys.retry.max-delay", "5s"); // Retry-After is honoured up to max-delay
        feed = env.start(config);

        readStatus(2);
        List<LoggedRequest> posts = observationRequests();
        assertEquals(2, posts.size(), "the 429'd call and its retry");
        long gap = millisBetween(posts.get(0), posts.get(1));
        assertTrue(gap >= 2000, "retry must wait for Retry-After: 2, came after " + gap + " ms");
        assertEquals(1, stats().rateLimited.get());
    }

    @Test
    void rateLimitedCallWithoutRetryAfterBacksOffTheConfiguredTime() throws Exception {
        List<String> ids = queueIds(2);
        standardStubs(ids, "token-1");
        env.genesys().stubFor(observations().inScenario("429").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ok")
                .willReturn(tooManyRequests()));
        env.genesys().stubFor(observations().inScenario("429").whenScenarioStateIs("ok")
                .willReturn(GenesysStubs.json(GenesysStubs.observationsBody(ids))));
        Map<String, String> config = config(ids, "1h");
        config.put("genesys.retry.rate-limit-backoff", "400ms");

        feed = env.start(config);

        readStatus(2);
        List<LoggedRequest> posts = observationRequests();
        assertEquals(2, posts.size());
        long gap = millisBetween(posts.get(0), posts.get(1));
        assertTrue(gap >= 400, "retry must wait at least genesys.retry.rate-limit-backoff, came after " + gap + " ms");
        assertTrue(gap < 2500, "back-off is the configured one, not a hard-coded 3 s: " + gap + " ms");
        assertEquals(1, stats().rateLimited.get());
    }

    @Test
    void rateLimitPausesEveryBatchOfTheToken() throws Exception {
        // Batches run one after the other here (parallel-batches=1, so batch 2 cannot already be in flight when the
        // 429 arrives); with one attempt the 429'd batch is dead-lettered at once, so only the token-wide pause can
        // keep the second batch from being sent inside the Retry-After window.
        List<String> ids = queueIds(2);
        standardStubs(ids, "token-1");
        env.genesys().stubFor(observations()
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.filter.predicates[0].value", equalTo(ids.get(0))))
                .willReturn(tooManyRequests().withHeader("Retry-After", "2")));
        GenesysStubs.observationsForBatch(env.genesys(), ids.get(1), GenesysStubs.observationsBody(List.of(ids.get(1))));
        Map<String, String> config = config(ids, "1h");
        config.put("genesys.batch-size", "1");
        config.put("genesys.retry.max-attempts", "1");
        config.put("genesys.parallel-batches", "1");
        config.put("genesys.retry.max-delay", "5s"); // Retry-After is honoured up to max-delay

        feed = env.start(config);

        List<ConsumerRecord<String, String>> events = readStatus(1);
        assertEquals(ids.get(1), events.get(0).key());
        readDeadLetters(1);
        List<LoggedRequest> posts = observationRequests();
        assertEquals(2, posts.size());
        assertTrue(posts.get(0).getBodyAsString().contains(ids.get(0)), "batch 1 goes first");
        long gap = millisBetween(posts.get(0), posts.get(1));
        assertTrue(gap >= 2000, "batch 2 was sent " + gap + " ms after batch 1's 429 with Retry-After: 2");
    }

    // ------------------------------------------------------------------------------ permanent errors
    // (retries, back-off, timeouts, malformed bodies and the other statuses: routes/GenesysErrorsRouteTest)

    @Test
    void missingPermissionIsDeadLetteredNamingThePermission() throws Exception {
        List<String> ids = queueIds(1);
        standardStubs(ids, "token-1");
        env.genesys().stubFor(observations().willReturn(error(403, "missing.permissions", "ctx-403")));

        feed = env.start(config(ids, "1h"));

        JsonNode dead = JSON.readTree(readDeadLetters(1).get(0).value());
        assertTrue(dead.get("reason").asText().contains("analytics:queueObservation:view"), dead.toString());
        assertEquals(403, dead.get("status").asInt());
        assertEquals("missing.permissions", dead.get("code").asText());
        awaitTrue(() -> stats().snapshotsFailed.get() == 1, "the snapshot ends as failed");
        assertEquals(1, observationRequests().size(), "a 403 is not retried");
    }

    // ---------------------------------------------------------------------------------------- budget

    @Test
    void requestsPerMinuteBudgetCapsEveryCallOfTheToken() throws Exception {
        // 2,200 configured ids every 10 s: 22 name-lookup calls and, even at the largest batch (200), 11 queries: 33
        // calls, over 30 a minute at any batch size (fewer queues would not test the cap: the batch would grow until
        // the plan fits, see the next test). 30 go out at once, the last 3 queries wait for the minute to pass.
        List<String> ids = queueIds(2200);
        standardStubs(ids, "token-1");
        env.genesys().stubFor(observations().willReturn(GenesysStubs.json(GenesysStubs.observationsBody(List.of()))));
        Map<String, String> config = config(ids, "10s");
        config.put("genesys.requests-per-minute", "30");
        // the snapshot is left waiting a minute for budget: stop() gives it 1 s, then the thread pool's 30 s
        config.put("camel.main.shutdown-timeout", "1");

        try (LogCapture log = LogCapture.start()) {
            feed = env.start(config);

            awaitTrue(() -> apiRequests().size() >= 30, "30 API calls");
            List<LoggedRequest> first30 = apiRequests();
            assertTrue(millisBetween(first30.get(0), first30.get(29)) < 10_000, "the first 30 calls go out at once");
            Instant quietUntil = Instant.now().plusSeconds(3);
            while (Instant.now().isBefore(quietUntil)) {
                int count = apiRequests().size();
                assertTrue(count <= 30, count + " API calls inside one minute with requests-per-minute=30");
                pollInterval();
            }
            assertEquals(30, apiRequests().size());
            assertEquals(22, env.genesys().findAll(getRequestedFor(urlPathEqualTo(GenesysStubs.QUEUES_PATH))).size(),
                    "the name lookup spends the same budget");
            assertEquals(8, observationRequests().size());
            String warning = log.linesContaining("do not fit");
            assertTrue(warning.contains("WARN") && warning.contains("org 'default': 2200 queues every 10s do not fit "
                    + "genesys.requests-per-minute=30 even at batch size 200: 11 calls per snapshot"), warning);
        }
    }

    @Test
    void aBudgetTooSmallForTheConfiguredBatchGrowsTheBatchRatherThanHoldingTheSnapshot() throws Exception {
        // 450 configured ids: 5 name-lookup calls, then 5 queries of 100 = 10 calls, over 8 a minute: the last two
        // would wait a minute. Batches of 150 make it 5 + 3 = 8 (149 would need 4 queries: 9).
        List<String> ids = queueIds(450);
        standardStubs(ids, "token-1");
        env.genesys().stubFor(observations().willReturn(GenesysStubs.json(GenesysStubs.observationsBody(List.of()))));
        Map<String, String> config = config(ids, "1h");
        config.put("genesys.requests-per-minute", "8");
        try (LogCapture log = LogCapture.start()) {
            feed = env.start(config);

            assertEquals(450, readStatus(450).size());
            List<Integer> batchSizes = new ArrayList<>();
            for (LoggedRequest query : observationRequests()) {
                batchSizes.add(JSON.readTree(query.getBodyAsString()).at("/filter/predicates").size());
            }
            assertEquals(List.of(150, 150, 150), batchSizes);
            assertEquals(5, env.genesys().findAll(getRequestedFor(urlPathEqualTo(GenesysStubs.QUEUES_PATH))).size());
            assertTrue(log.text().contains("org 'default': 450 queues every 1h: batch size grown from "
                    + "genesys.batch-size=100 to 150, so that 3 observation calls per snapshot plus the queue listing's 5 "
                    + "calls every 5m fit genesys.requests-per-minute=8 (8 calls in the busiest minute; at 100 it would be "
                    + "10)"), log.linesContaining("batch size"));
        }
    }

    // ---------------------------------------------------------------------------------------- secrets

    @Test
    void secretsAndTokensNeverReachLogsOrDeadLetters() throws Exception {
        String secret = "cs-SECRET-9d41e7b2c0";
        String firstToken = "tok-FIRST-7f3a9c11";
        String secondToken = "tok-SECOND-2b8d1e44";
        List<String> ids = queueIds(2);
        GenesysStubs.queueNames(env.genesys(), Map.of());
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.TOKEN_PATH)).inScenario("tokens")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("second")
                .willReturn(GenesysStubs.json("{\"access_token\":\"" + firstToken + "\",\"expires_in\":3600}")));
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.TOKEN_PATH)).inScenario("tokens")
                .whenScenarioStateIs("second")
                .willReturn(GenesysStubs.json("{\"access_token\":\"" + secondToken + "\",\"expires_in\":3600}")));
        // the first token is invalid
        env.genesys().stubFor(observations().withHeader("Authorization", equalTo("Bearer " + firstToken))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"invalid token " + firstToken + "\",\"code\":\"bad.credentials\",\"status\":401}")));
        // then a 400 that echoes the bearer token, then a malformed body that does too, then good answers
        env.genesys().stubFor(observations().withHeader("Authorization", equalTo("Bearer " + secondToken))
                .inScenario("obs").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("malformed")
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"bad request (Authorization: Bearer " + secondToken + ")\","
                                + "\"code\":\"bad.request\",\"status\":400,\"contextId\":\"ctx-400\"}")));
        env.genesys().stubFor(observations().withHeader("Authorization", equalTo("Bearer " + secondToken))
                .inScenario("obs").whenScenarioStateIs("malformed").willSetStateTo("good")
                .willReturn(GenesysStubs.json("{not json, Bearer " + secondToken)));
        env.genesys().stubFor(observations().withHeader("Authorization", equalTo("Bearer " + secondToken))
                .inScenario("obs").whenScenarioStateIs("good")
                .willReturn(GenesysStubs.json(GenesysStubs.observationsBody(ids))));
        Map<String, String> config = config(ids, "300ms");
        config.put("genesys.client-secret", secret);

        List<ConsumerRecord<String, String>> deadLetters;
        String log;
        try (LogCapture capture = LogCapture.start()) {
            feed = env.start(config);
            deadLetters = readDeadLetters(2);
            readStatus(2);
            feed.stop();
            feed = null;
            log = capture.text();
        }
        assertTrue(log.contains("dead letter"), "the log was captured: " + log.length() + " chars");
        String basic = Base64.getEncoder().encodeToString(("test-client:" + secret).getBytes(StandardCharsets.UTF_8));
        for (String leak : List.of(secret, firstToken, secondToken, basic)) {
            assertFalse(log.contains(leak), "log contains " + leak + ":\n" + linesContaining(log, leak));
            for (ConsumerRecord<String, String> dead : deadLetters) {
                assertFalse(dead.value().contains(leak), "dead letter contains " + leak + ": " + dead.value());
            }
        }
        assertTrue(deadLetters.stream().anyMatch(d -> d.value().contains("ctx-400")));
        assertTrue(deadLetters.stream().anyMatch(d -> d.value().contains("{not json")));
    }

    // ------------------------------------------------------------------------- skipped ticks, circuit

    @Test
    void ticksWhileASnapshotRunsAreSkippedNotQueued() throws Exception {
        List<String> ids = queueIds(2);
        standardStubs(ids, "token-1");
        env.genesys().stubFor(observations().willReturn(GenesysStubs.json(GenesysStubs.observationsBody(ids))
                .withFixedDelay(1500)));

        Instant started = Instant.now();
        feed = env.start(config(ids, "300ms"));

        readStatus(2 * 3); // three snapshots complete
        assertTrue(stats().snapshotsSkippedBusy.get() > 0, "ticks during a running snapshot are counted as skipped");
        long elapsed = Duration.between(started, Instant.now()).toMillis();
        List<LoggedRequest> posts = observationRequests();
        assertTrue(posts.size() <= elapsed / 1500 + 1, posts.size() + " requests in " + elapsed + " ms: ticks piled up");
        for (int i = 1; i < posts.size(); i++) {
            long gap = millisBetween(posts.get(i - 1), posts.get(i));
            assertTrue(gap >= 1400, "snapshot " + (i + 1) + " started " + gap + " ms after the previous one: overlapped");
        }
    }

    @Test
    void circuitOpensAfterRepeatedFailuresAndClosesWhenGenesysAnswers() throws Exception {
        List<String> ids = queueIds(2);
        standardStubs(ids, "token-1");
        env.genesys().stubFor(observations().inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(error(500, "internal.server.error", "ctx-500")));
        env.genesys().stubFor(observations().inScenario("outage").whenScenarioStateIs("recovered")
                .willReturn(GenesysStubs.json(GenesysStubs.observationsBody(ids))));
        Map<String, String> config = config(ids, "200ms");
        config.put("genesys.circuit.failure-threshold", "2");
        config.put("genesys.circuit.open-period", "1s");
        config.put("genesys.retry.max-attempts", "1");

        feed = env.start(config);

        awaitTrue(() -> gate().getState() == CircuitBreaker.State.OPEN, "circuit opens after 2 failures");
        int atOpen = observationRequests().size();
        Instant windowEnd = Instant.now().plusMillis(2500);
        while (Instant.now().isBefore(windowEnd)) {
            // HALF_OPEN is the open circuit's trial snapshot running: still not polling every period
            assertTrue(gate().getState() != CircuitBreaker.State.CLOSED, gate().getState().name());
            int sinceOpen = observationRequests().size() - atOpen;
            // one trial per second: at most 3 in 2.5 s (plus one in flight); without the circuit it would be ~12
            assertTrue(sinceOpen <= 4, sinceOpen + " requests within 2.5 s of an open circuit");
            pollInterval();
        }
        assertTrue(observationRequests().size() - atOpen >= 1, "an open circuit still tries once per open-period");
        assertTrue(stats().snapshotsSkippedCircuit.get() > 0);

        env.genesys().setScenarioState("outage", "recovered");

        readStatus(2);
        awaitTrue(() -> gate().getState() == CircuitBreaker.State.CLOSED, "circuit closes again");
        int atClose = observationRequests().size();
        readStatus(2 * 3); // polling every period again
        assertTrue(observationRequests().size() > atClose);
    }

    // ---------------------------------------------------------------------------------------- helpers

    private Map<String, String> config(List<String> ids, String pollPeriod) {
        Map<String, String> config = env.baseConfig();
        config.put("genesys.queue-ids", String.join(",", ids));
        config.put("genesys.poll-period", pollPeriod);
        config.put("genesys.retry.initial-delay", "100ms");
        config.put("genesys.retry.max-delay", "500ms");
        config.put("genesys.retry.rate-limit-backoff", "200ms");
        config.put("kafka.topic.status", statusTopic);
        config.put("kafka.topic.dead-letter", deadLetterTopic);
        return config;
    }

    private static void standardStubs(List<String> ids, String token) {
        GenesysStubs.token(env.genesys(), token, 3600);
        GenesysStubs.queueNames(env.genesys(), Map.of());
    }

    private static com.github.tomakehurst.wiremock.client.MappingBuilder observations() {
        return post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH));
    }

    private static ResponseDefinitionBuilder tooManyRequests() {
        return error(429, "too.many.requests.retry.after", "ctx-429");
    }

    private static ResponseDefinitionBuilder error(int status, String code, String contextId) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"test says " + status + "\",\"code\":\"" + code + "\",\"status\":" + status
                        + ",\"contextId\":\"" + contextId + "\",\"details\":[],\"errors\":[]}");
    }

    private static List<String> queueIds(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(String.format("2a4b6c8d-0000-4000-8000-%012d", i));
        }
        return ids;
    }

    private static List<LoggedRequest> observationRequests() {
        return sorted(env.genesys().findAll(postRequestedFor(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH))));
    }

    /** Every call that counts against the token's budget: observations and queue listing (not the login host). */
    private static List<LoggedRequest> apiRequests() {
        List<LoggedRequest> all = new ArrayList<>(observationRequests());
        all.addAll(env.genesys().findAll(getRequestedFor(urlPathEqualTo(GenesysStubs.QUEUES_PATH))));
        return sorted(all);
    }

    private static List<LoggedRequest> sorted(List<LoggedRequest> requests) {
        List<LoggedRequest> copy = new ArrayList<>(requests);
        copy.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
        return copy;
    }

    private static long millisBetween(LoggedRequest earlier, LoggedRequest later) {
        return later.getLoggedDate().getTime() - earlier.getLoggedDate().getTime();
    }

    private GenesysOrg org() {
        return feed.camelContext().getRegistry().lookupByNameAndType("genesysOrgs", GenesysOrgs.class).get("default");
    }

    private FeedStats stats() {
        return org().stats();
    }

    private CircuitBreaker gate() {
        return org().circuit();
    }

    private List<ConsumerRecord<String, String>> readStatus(int count) {
        try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), statusTopic)) {
            return reader.readAtLeast(count, TIMEOUT);
        }
    }

    private List<ConsumerRecord<String, String>> readDeadLetters(int count) {
        try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), deadLetterTopic)) {
            return reader.readAtLeast(count, TIMEOUT);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        awaitTrue(condition, what, TIMEOUT);
    }

    private static void awaitTrue(BooleanSupplier condition, String what, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            pollInterval();
        }
    }

    /** The interval between two looks at a condition (never a wait for an outcome: callers loop with a deadline). */
    private static void pollInterval() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String linesContaining(String text, String needle) {
        StringBuilder lines = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.contains(needle)) {
                lines.append(line).append('\n');
            }
        }
        return lines.toString();
    }
}

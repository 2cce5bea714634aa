package io.github.genesysqueuefeed.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.genesysqueuefeed.PipelineRoutes;
import io.github.genesysqueuefeed.PipelineRoutes.Sent;
import io.github.genesysqueuefeed.event.Json;
import io.github.genesysqueuefeed.event.QueueStatusEvent;
import io.github.genesysqueuefeed.feed.FeedProperties;
import io.github.genesysqueuefeed.feed.FeedStats;
import io.github.genesysqueuefeed.feed.QueueBatch;
import io.github.genesysqueuefeed.genesys.GenesysApiException;
import io.github.genesysqueuefeed.genesys.GenesysRateLimitedException;
import io.github.genesysqueuefeed.genesys.QueueRef;
import io.github.genesysqueuefeed.support.MutableClock;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Route test of the error policy {@code genesys-errors} in routes/queue-feed.yaml, as shipped, through the route that
 * uses it: {@code observe-batch} with its {@code direct:call-observations} step (the HTTP call) replaced by AdviceWith
 * with a scripted Genesys that throws what the real call throws. 429: redelivered at once; 502/503/504 and timeouts:
 * redelivered with a growing back-off; 400/500: not retried. Whatever is given up becomes a dead letter (via the real
 * {@code dead-letter} route: its fields, secrets masked), counts against the snapshot ({@code batchFailures}) and
 * leaves an empty body. Attempts: genesys.retry.max-attempts=3; back-off from genesys.retry.initial-delay=250ms.
 */
class GenesysErrorsRouteTest {

    private static final String DEAD_LETTER = "genesys.queue.dead-letter";
    private static final String SECRET = "route-test-secret-Xy9";
    private static final String TOKEN = "tok-route-test-4f3e2d1c0b";
    private static final long INITIAL_DELAY_MS = 250;

    /** What each attempt of the call does: an Exception is thrown, a String is Genesys' 200 answer. */
    private static final Deque<Object> GENESYS = new ArrayDeque<>();
    /** When each attempt started (System.nanoTime). */
    private static final List<Long> ATTEMPTS = new ArrayList<>();
    private static PipelineRoutes pipeline;

    @BeforeAll
    static void start() throws Exception {
        pipeline = new PipelineRoutes(Map.of("genesys.retry.max-attempts", "3",
                "genesys.retry.initial-delay", INITIAL_DELAY_MS + "ms", "genesys.retry.max-delay", "10s"),
                new MutableClock(Instant.parse("2026-11-27T09:00:00Z")),
                context -> {
                    try {
                        AdviceWith.adviceWith(context, "observe-batch", route -> route
                                .weaveByToUri("direct:call-observations").replace().process(GenesysErrorsRouteTest::call));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    @AfterAll
    static void stop() {
        pipeline.close();
    }

    @BeforeEach
    void reset() {
        GENESYS.clear();
        ATTEMPTS.clear();
    }

    /** The stand-in for one attempt of the observations call, leaving what ObservationCall leaves. */
    private static void call(Exchange exchange) throws Exception {
        synchronized (ATTEMPTS) {
            ATTEMPTS.add(System.nanoTime());
        }
        exchange.setProperty(FeedProperties.TOKEN, TOKEN);
        Object next = GENESYS.removeFirst();
        if (next instanceof Exception failure) {
            exchange.getMessage().setBody("{\"message\":\"echoed " + SECRET + " and Bearer " + TOKEN + "\"}");
            throw failure;
        }
        exchange.getMessage().setBody(next);
    }

    @Test
    void aRateLimitIsRedeliveredAtOnceThenDeadLettered() throws Exception {
        for (int i = 0; i < 3; i++) {
            GENESYS.add(new GenesysRateLimitedException("observations answered HTTP 429", "too.many.requests", "ctx-429",
                    Duration.ofSeconds(1)));
        }
        Outcome outcome = observe();

        assertEquals(3, ATTEMPTS.size(), "max-attempts");
        for (long gap : gaps()) {
            assertTrue(gap < INITIAL_DELAY_MS, "a 429 is redelivered at once (the budget holds the token), not after "
                    + "the back-off: " + gaps());
        }
        outcome.assertGivenUp(2, 429);
    }

    @Test
    void aTransientFailureIsRedeliveredWithAGrowingBackOffThenDeadLettered() throws Exception {
        GENESYS.add(new GenesysApiException("observations answered HTTP 503", 503, "service.unavailable", "c1", null));
        GENESYS.add(new HttpTimeoutException("request timed out"));
        GENESYS.add(new GenesysApiException("observations answered HTTP 503", 503, "service.unavailable", "c3", null));
        Outcome outcome = observe();

        assertEquals(3, ATTEMPTS.size(), "max-attempts");
        List<Long> gaps = gaps();
        // 250 ms +-15 % (collision avoidance), then twice that +-15 %: at least 212 ms, then at least 361 ms, which
        // a delay that did not grow (at most 288 ms) never reaches
        assertTrue(gaps.get(0) >= INITIAL_DELAY_MS * 80 / 100, "first back-off: " + gaps);
        assertTrue(gaps.get(1) >= 2 * INITIAL_DELAY_MS * 70 / 100, "the back-off doubles: " + gaps);
        outcome.assertGivenUp(2, 503);
    }

    @Test
    void aTransientFailureThatClearsPublishesTheBatch() throws Exception {
        GENESYS.add(new GenesysApiException("observations answered HTTP 502", 502, "bad.gateway", "c1", null));
        GENESYS.add("{\"results\":[]}");
        Outcome outcome = observe();

        assertEquals(2, ATTEMPTS.size());
        assertEquals(List.of("q-1", "q-2"), outcome.events().stream().map(QueueStatusEvent::queueId).toList(),
                "every queue asked for gets its event");
        assertEquals(List.of(), outcome.deadLetters());
        assertEquals(1, outcome.retries());
        assertEquals(0, outcome.batchesFailed());
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {400, 500})
    void anAnswerThatWillNotChangeIsNotRetried(int status) throws Exception {
        GENESYS.add(new GenesysApiException("observations answered HTTP " + status + " for client secret " + SECRET,
                status, "bad.request", "ctx-" + status, null));
        Outcome outcome = observe();

        assertEquals(1, ATTEMPTS.size(), "no redelivery");
        JsonNode letter = outcome.assertGivenUp(0, status);
        assertEquals("ctx-" + status, letter.get("contextId").asText());
        assertEquals("bad.request", letter.get("code").asText());
        assertTrue(letter.get("reason").asText().contains("observations answered HTTP " + status), letter.toString());
    }

    @Test
    void aMalformedAnswerIsDeadLetteredAsReceivedWithoutRetry() throws Exception {
        GENESYS.add("{not json, Bearer " + TOKEN);
        Outcome outcome = observe();

        assertEquals(1, ATTEMPTS.size(), "the same body would not parse on a second try");
        assertEquals(List.of(), outcome.events());
        assertEquals(0, outcome.retries());
        assertEquals(1, outcome.batchesFailed());
        assertEquals(1, outcome.deadLetters().size());
        JsonNode letter = Json.mapper().readTree(outcome.deadLetters().get(0).value());
        assertTrue(letter.get("payload").asText().startsWith("{not json, Bearer "), "the text as received: " + letter);
        assertFalse(letter.toString().contains(TOKEN), "token masked: " + letter);
        assertTrue(letter.get("exception").asText().startsWith("com.fasterxml.jackson"), letter.toString());
    }

    /** One batch of queues q-1 and q-2 through observe-batch, inside a snapshot as the poll route runs it. */
    private static Outcome observe() throws Exception {
        FeedStats stats = pipeline.orgs().get("default").stats();
        long retries = stats.retries.get();
        long failed = stats.batchesFailed.get();
        long letters = stats.deadLetters.get();
        Exchange exchange = pipeline.exchange(new QueueBatch("default", 0, 1,
                List.of(new QueueRef("q-1", "Sales"), new QueueRef("q-2", "Support"))));
        List<Sent> sent = pipeline.snapshot("direct:observe-batch", exchange);
        assertNull(exchange.getException(), "the policy handles every failure");
        assertEquals(List.of(), PipelineRoutes.on("genesys.queue.status", sent), "observe-batch publishes nothing itself");
        return new Outcome(exchange, PipelineRoutes.on(DEAD_LETTER, sent), stats.retries.get() - retries,
                stats.batchesFailed.get() - failed, stats.deadLetters.get() - letters);
    }

    private static List<Long> gaps() {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < ATTEMPTS.size(); i++) {
            gaps.add((ATTEMPTS.get(i) - ATTEMPTS.get(i - 1)) / 1_000_000);
        }
        return gaps;
    }

    private record Outcome(Exchange exchange, List<Sent> deadLetters, long retries, long batchesFailed,
                           long deadLettersCounted) {

        @SuppressWarnings("unchecked")
        List<QueueStatusEvent> events() {
            return exchange.getMessage().getBody(List.class);
        }

        /** One dead letter with the last failure, counted; an empty body; {@code redeliveries} retries counted. */
        JsonNode assertGivenUp(int redeliveries, int status) throws Exception {
            assertEquals(List.of(), events(), "a given-up batch publishes no events, never a partial batch");
            assertEquals(redeliveries, retries, "retryCounter counts each redelivery");
            assertEquals(1, batchesFailed, "batchFailures.count: the snapshot fails");
            assertEquals(1, deadLettersCounted);
            assertEquals(1, deadLetters.size(), "one dead letter: " + deadLetters);
            Sent record = deadLetters.get(0);
            assertEquals("default", record.key());
            assertEquals("queue.dead-letter", record.headers().get("eventType"));
            assertEquals("default", record.headers().get("org"));
            assertFalse(record.value().contains(SECRET), "client secret masked: " + record.value());
            assertFalse(record.value().contains(TOKEN), "token masked: " + record.value());
            JsonNode letter = Json.mapper().readTree(record.value());
            assertEquals("queue.dead-letter", letter.get("eventType").asText());
            assertEquals("default", letter.get("org").asText());
            assertEquals("observe-batch", letter.get("routeId").asText());
            assertEquals(status, letter.get("status").asInt());
            assertTrue(letter.get("exception").asText().startsWith("io.github.genesysqueuefeed.genesys.Genesys"));
            assertTrue(letter.get("request").asText().contains("q-1"), "the query sent: " + letter);
            assertTrue(letter.get("payload").asText().startsWith("{\"message\":\"echoed "), "the answer: " + letter);
            assertEquals("2026-11-27T09:00:00.000Z", letter.get("failedAt").asText());
            return letter;
        }
    }
}

package io.github.genesysqueuefeed.genesys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.config.ResilienceConfig;
import io.github.genesysqueuefeed.genesys.GenesysApiException;
import io.github.genesysqueuefeed.genesys.GenesysRateLimitedException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The listing's retry policy is the observations route's: same classification, same numbers, 429 without a wait. */
class RetryPolicyTest {

    private static final ResilienceConfig RESILIENCE = new ResilienceConfig(5, Duration.ofSeconds(1),
            Duration.ofSeconds(30), Duration.ofSeconds(3), 5, Duration.ofSeconds(60));

    private final List<Duration> waits = new ArrayList<>();
    private final RetryPolicy policy = new RetryPolicy(RESILIENCE, waits::add);

    @Test
    void backOffDoublesFromInitialDelayWithJitterCappedAtMaxDelay() {
        for (int n = 1; n <= 8; n++) {
            long expected = Math.min(1000L << (n - 1), 30_000);
            long delay = policy.backoff(n).toMillis();
            assertTrue(delay >= expected * 0.85 - 1 && delay <= Math.min(expected * 1.15 + 1, 30_000),
                    "attempt " + n + ": " + delay + " ms, expected about " + expected);
        }
        for (int i = 0; i < 100; i++) { // the jitter may go below the cap, never above it
            long capped = new RetryPolicy(RESILIENCE).backoff(40).toMillis();
            assertTrue(capped <= 30_000 && capped >= 30_000 * 0.85 - 1, "never above max-delay: " + capped);
        }
    }

    @Test
    void transientFailuresAreRetriedUpToMaxAttemptsThenThrown() {
        AtomicInteger calls = new AtomicInteger();
        HttpTimeoutException timeout = new HttpTimeoutException("slow");

        HttpTimeoutException thrown = assertThrows(HttpTimeoutException.class, () -> policy.run("listing", () -> {
            calls.incrementAndGet();
            throw timeout;
        }));

        assertSame(timeout, thrown);
        assertEquals(5, calls.get(), "genesys.retry.max-attempts");
        assertEquals(4, waits.size());
    }

    @Test
    void aGatewayErrorThatClearsIsAnsweredAfterOneBackOff() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        String answer = policy.run("listing", () -> {
            if (calls.incrementAndGet() == 1) {
                throw new GenesysApiException("503", 503, "service.unavailable", null, null);
            }
            return "ok";
        });

        assertEquals("ok", answer);
        assertEquals(1, waits.size());
    }

    @Test
    void permanentErrorsAreNotRetried() {
        for (int status : new int[] {400, 403, 404, 500}) {
            AtomicInteger calls = new AtomicInteger();
            assertThrows(GenesysApiException.class, () -> policy.run("listing", () -> {
                calls.incrementAndGet();
                throw new GenesysApiException("no", status, null, null, null);
            }));
            assertEquals(1, calls.get(), "HTTP " + status);
        }
        assertEquals(List.of(), waits);
    }

    @Test
    void rateLimitedIsRetriedWithoutItsOwnWaitBecauseTheBudgetIsPaused() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        String answer = policy.run("listing", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new GenesysRateLimitedException("429", null, null, Duration.ofSeconds(5));
            }
            return "ok";
        });

        assertEquals("ok", answer);
        assertEquals(List.of(), waits, "the token's budget holds the call for Retry-After, not the policy");
    }

    @Test
    void retryAfterIsCappedAtMaxDelay() {
        Duration max = Duration.ofSeconds(30);
        assertEquals(max, GenesysApi.cappedRetryAfter(Duration.ofSeconds(99_999_999), max));
        assertEquals(Duration.ofSeconds(2), GenesysApi.cappedRetryAfter(Duration.ofSeconds(2), max));
        assertEquals(Duration.ZERO, GenesysApi.cappedRetryAfter(Duration.ofSeconds(-5), max));
    }
}

package io.github.genesysqueuefeed.genesys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The budget on a virtual clock: the sleeper advances time instead of waiting, so minutes pass in microseconds. */
class RequestBudgetTest {

    private Instant now = Instant.parse("2026-11-26T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void noSlidingMinuteEverHoldsMoreThanTheBudget() throws InterruptedException {
        RequestBudget budget = new RequestBudget(30, clock, d -> now = now.plus(d));
        List<Instant> grants = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            budget.acquire();
            grants.add(now);
            now = now.plusMillis(100); // the call itself takes a while
        }
        for (int i = 0; i + 30 < grants.size(); i++) {
            assertTrue(!grants.get(i + 30).isBefore(grants.get(i).plusSeconds(60)),
                    "grant " + (i + 30) + " is at least a minute after grant " + i);
        }
        assertEquals(Duration.ofSeconds(60), Duration.between(grants.get(0), grants.get(30)));
    }

    @Test
    void aPauseHoldsEveryCallerUntilItEndsAndIsNeverShortened() throws InterruptedException {
        RequestBudget budget = new RequestBudget(300, clock, d -> now = now.plus(d));
        Instant start = now;
        budget.pauseFor(Duration.ofSeconds(42));
        budget.pauseFor(Duration.ofSeconds(2)); // a shorter Retry-After seen later must not cut the pause
        budget.acquire();
        assertEquals(Duration.ofSeconds(42), Duration.between(start, now));
        assertEquals(42_000, budget.waitedMillis());
    }
}

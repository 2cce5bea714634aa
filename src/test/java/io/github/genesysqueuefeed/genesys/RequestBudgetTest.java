package io.github.genesysqueuefeed.genesys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.support.MutableClock;
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

    @Test
    void longWaitsAreSlicedSoThatAStopIsNoticedWithinAQuarterSecond() throws InterruptedException {
        List<Duration> sleeps = new ArrayList<>();
        RequestBudget budget = new RequestBudget(300, clock, d -> {
            sleeps.add(d);
            now = now.plus(d);
        });
        budget.pauseFor(Duration.ofSeconds(1).plusMillis(100));
        budget.acquire();
        assertEquals(List.of(Duration.ofMillis(250), Duration.ofMillis(250), Duration.ofMillis(250),
                Duration.ofMillis(250), Duration.ofMillis(100)), sleeps);
    }

    @Test
    void onceStoppedACallThatMustWaitIsAbandonedButOneAllowedNowStillGoes() throws InterruptedException {
        RequestBudget budget = new RequestBudget(1, clock, d -> now = now.plus(d));
        budget.stop();
        assertTrue(budget.isStopping());
        budget.acquire(); // within the budget: no wait, so it goes
        IllegalStateException abandoned = assertThrows(IllegalStateException.class, budget::acquire);
        assertEquals("the feed is stopping: call abandoned while waiting for the API budget", abandoned.getMessage());
        assertEquals(0, budget.waitedMillis());

        // a stop while a caller is in a 30 s Retry-After pause: it gives up after the slice it was sleeping
        RequestBudget[] holder = new RequestBudget[1];
        List<Duration> slept = new ArrayList<>();
        holder[0] = new RequestBudget(300, clock, d -> {
            slept.add(d);
            now = now.plus(d);
            holder[0].stop();
        });
        holder[0].pauseFor(Duration.ofSeconds(30));
        assertThrows(IllegalStateException.class, holder[0]::acquire);
        assertEquals(List.of(Duration.ofMillis(250)), slept);
    }

    @Test
    void perMinuteCountsOnTheClockItIsGiven() {
        MutableClock moved = new MutableClock(Instant.parse("2026-11-27T08:00:00Z"));
        RequestBudget budget = RequestBudget.perMinute(2, moved);
        assertEquals(2, budget.requestsPerMinute());
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            budget.acquire();
            budget.acquire();
            moved.advance(Duration.ofSeconds(60)); // a real-time budget would now sleep a whole minute
            budget.acquire();
        });
        assertEquals(0, budget.waitedMillis());
    }
}

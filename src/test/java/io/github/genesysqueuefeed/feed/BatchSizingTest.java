package io.github.genesysqueuefeed.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.feed.BatchSizing.Demand;
import io.github.genesysqueuefeed.feed.BatchSizing.Sizing;
import io.github.genesysqueuefeed.feed.BatchSizing.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatchSizingTest {

    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    /** The defaults: batch 100, 240 calls a minute, a snapshot every 10 s, the list refreshed every 5 min. */
    private static Sizing atDefaults(int queues) {
        return BatchSizing.size(new Demand(queues, TEN_SECONDS, "genesys.poll-period", 240, 100, FIVE_MINUTES, 0));
    }

    @Test
    void aSmallOrgKeepsTheConfiguredBatchAndNothingIsSaid() {
        Sizing sizing = atDefaults(450);
        assertEquals(100, sizing.batchSize());
        assertEquals(Verdict.FITS, sizing.verdict());
        assertEquals(5, sizing.callsPerSnapshot());
        assertEquals(6 * 5 + 5, sizing.busiestMinuteCalls());
        assertTrue(sizing.announcement("default").isEmpty());
    }

    @Test
    void fiveThousandQueuesGrowTo162BecauseTheListingsFiftyCallsShareTheBusiestMinute() {
        Sizing sizing = atDefaults(5000);
        // 240 - 50 listing calls = 190 for 6 snapshots: 31 calls each; ceil(5000 / 31) = 162
        assertEquals(162, sizing.batchSize());
        assertEquals(Verdict.GROWN, sizing.verdict());
        assertEquals(31, sizing.callsPerSnapshot());
        assertEquals(6 * 31 + 50, sizing.busiestMinuteCalls());
        assertFalse(sizing.lateAfterRefresh());
        assertEquals("org 'default': 5000 queues every 10s: batch size grown from genesys.batch-size=100 to 162, so that "
                + "31 observation calls per snapshot plus the queue listing's 50 calls every 5m fit "
                + "genesys.requests-per-minute=240 (236 calls in the busiest minute; at 100 it would be 350)",
                sizing.announcement("default").orElseThrow());
    }

    @Test
    void oneQueueFewerPerBatchWouldNotFit() {
        // batch 161 needs 32 calls: 192 + 50 = 242 > 240; batch 125 (40 calls, exactly 240) leaves no room for the listing
        Demand demand = new Demand(5000, TEN_SECONDS, "genesys.poll-period", 240, 100, FIVE_MINUTES, 0);
        assertEquals(242, demand.busiestMinute(161, TEN_SECONDS));
        assertEquals(290, demand.busiestMinute(125, TEN_SECONDS));
    }

    @Test
    void theConfiguredSizeIsAFloorNeverShrunk() {
        Sizing sizing = BatchSizing.size(new Demand(450, TEN_SECONDS, "genesys.poll-period", 240, 180, FIVE_MINUTES, 0));
        assertEquals(180, sizing.batchSize());
        assertEquals(Verdict.FITS, sizing.verdict());
        assertEquals(175, BatchSizing.size(new Demand(5000, TEN_SECONDS, "genesys.poll-period", 240, 175, FIVE_MINUTES, 0)).batchSize());
    }

    @Test
    void withoutTheListingTheOldArithmeticsBatchOf125WouldHaveBeenEnough() {
        // a listing refreshed less often than once a minute still lands whole in some minute: it is never averaged away
        Sizing hourly = BatchSizing.size(new Demand(5000, TEN_SECONDS, "genesys.poll-period", 240, 100, Duration.ofHours(1), 0));
        assertEquals(162, hourly.batchSize());
        // at Genesys' own 300 a minute: 250 left, 41 calls a snapshot, ceil(5000 / 41) = 122
        assertEquals(122, BatchSizing.size(new Demand(5000, TEN_SECONDS, "genesys.poll-period", 300, 100, FIVE_MINUTES, 0)).batchSize());
    }

    @Test
    void subscriptionCallsAreCountedLikeTheListing() {
        // push mode reconciling every 10 s with 40 subscription calls a minute: 150 left, 25 calls, batch 200
        Sizing sizing = BatchSizing.size(new Demand(5000, TEN_SECONDS, "genesys.poll-period", 240, 100, FIVE_MINUTES, 40));
        assertEquals(200, sizing.batchSize());
        assertEquals(25 * 6 + 50 + 40, sizing.busiestMinuteCalls());
        assertTrue(sizing.announcement("emea").orElseThrow().contains("and 40 subscription calls a minute"));
    }

    @Test
    void sevenThousandQueuesFitOnAverageAt200AndOnlyTheRefreshSnapshotRunsLate() {
        // busiest minute: 70 listing calls leave 170, 28 a snapshot, batch 250 > 200; at 200: 35 calls, 210 a minute
        // plus 14 for the listing on average (224 fits), 280 in the refresh minute
        Sizing sizing = atDefaults(7000);
        assertEquals(200, sizing.batchSize());
        assertEquals(Verdict.GROWN, sizing.verdict());
        assertTrue(sizing.lateAfterRefresh());
        assertEquals(6 * 35 + 70, sizing.busiestMinuteCalls());
        assertTrue(sizing.announcement("default").orElseThrow()
                .endsWith("; the snapshot that refreshes the queue list waits for budget (280 calls in its minute)"));
    }

    @Test
    void eightThousandQueuesNeedElevenSeconds() {
        // 40 calls at batch 200: 240 a minute plus 16 for the listing on average; 40 x 60 / 224 = 10.7 s
        Sizing sizing = atDefaults(8000);
        assertEquals(Verdict.CANNOT_FIT, sizing.verdict());
        assertEquals(Duration.ofSeconds(11), sizing.periodThatFits());
    }

    @Test
    void twentyThousandQueuesCannotFitEvenAt200AndThePeriodThatFitsIs30Seconds() {
        Sizing sizing = atDefaults(20_000);
        assertEquals(200, sizing.batchSize());
        assertEquals(Verdict.CANNOT_FIT, sizing.verdict());
        assertFalse(sizing.fits());
        // 100 calls per snapshot: 100 x 60 / 30 = 200 a minute, plus 200 listing calls every 5 min = 40 a minute
        assertEquals(Duration.ofSeconds(30), sizing.periodThatFits());
        assertEquals("org 'default': 20000 queues every 10s do not fit genesys.requests-per-minute=240 even at batch "
                + "size 200: 100 calls per snapshot, 640 calls in an average minute with the queue listing's 200 calls "
                + "every 5m. Snapshots will stretch to about 30s: set genesys.poll-period=30s or more to say so, or raise "
                + "genesys.requests-per-minute (Genesys allows 300)", sizing.announcement("default").orElseThrow());
    }

    @Test
    void fiftyThousandQueuesNeed108Seconds() {
        // 250 calls per snapshot; the listing is 500 calls every 5 min = 100 a minute; 250 x 60 / 140 = 107.1 s
        Sizing sizing = atDefaults(50_000);
        assertEquals(Verdict.CANNOT_FIT, sizing.verdict());
        assertEquals(250, sizing.callsPerSnapshot());
        assertEquals(Duration.ofSeconds(108), sizing.periodThatFits());
    }

    @Test
    void aListingRefreshedMoreOftenThanSnapshotsIsCountedOncePerSnapshot() {
        // 100,000 queues listed every minute: 1,000 listing calls; at a period over a minute the listing runs once per
        // snapshot, so 500 + 1,000 calls per period fit 240 a minute from 375 s on
        Sizing sizing = BatchSizing.size(new Demand(100_000, TEN_SECONDS, "genesys.poll-period", 240, 100, Duration.ofMinutes(1), 0));
        assertEquals(Verdict.CANNOT_FIT, sizing.verdict());
        assertEquals(Duration.ofSeconds(375), sizing.periodThatFits());
    }

    @Test
    void whenOtherCallsAloneTakeTheBudgetNoPeriodFits() {
        Sizing sizing = BatchSizing.size(new Demand(1000, TEN_SECONDS, "genesys.poll-period", 240, 100, FIVE_MINUTES, 240));
        assertEquals(Verdict.CANNOT_FIT, sizing.verdict());
        assertNull(sizing.periodThatFits());
        assertTrue(sizing.announcement("default").orElseThrow().endsWith("No poll period up to 1h fits: the "
                + "subscription calls alone take the budget; raise genesys.requests-per-minute (Genesys allows 300)"),
                sizing.announcement("default").orElseThrow());
    }

    @Test
    void aPeriodThatDoesNotDivideTheMinuteCountsEverySnapshotThatCanFallInIt() {
        // 7 s: up to 9 snapshots in a sliding minute; 1,000 queues at batch 100 = 10 calls each, 90 + 10 listing
        Demand demand = new Demand(1000, Duration.ofSeconds(7), "genesys.poll-period", 240, 100, FIVE_MINUTES, 0);
        assertEquals(100, demand.busiestMinute(100, demand.period()));
        assertEquals(Verdict.FITS, BatchSizing.size(demand).verdict());
    }

    @Test
    void noQueuesNoCalls() {
        Sizing sizing = atDefaults(0);
        assertEquals(100, sizing.batchSize());
        assertEquals(0, sizing.callsPerSnapshot());
        assertEquals(Verdict.FITS, sizing.verdict());
    }
}

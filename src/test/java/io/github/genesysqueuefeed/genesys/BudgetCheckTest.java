package io.github.genesysqueuefeed.genesys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.config.OrgConfig;
import io.github.genesysqueuefeed.secrets.Secret;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetCheckTest {

    private static OrgConfig org(int batchSize, int rpm, Duration period) {
        return new OrgConfig("default", "https://api.x", "https://login.x", "id", new Secret("s"), List.of(), null,
                List.of(), period, batchSize, rpm);
    }

    @Test
    void fiveThousandQueuesAtBatch100Every10sNeed300CallsPerMinuteAndOverrunTheDefaultBudget() {
        String warning = BudgetCheck.warning(org(100, 240, Duration.ofSeconds(10)), 5000).orElseThrow();
        assertEquals("org 'default': 5000 queues / batch size 100 = 50 calls per snapshot, but "
                + "genesys.requests-per-minute=240 allows 40.0 calls per 10s poll period: snapshots will stretch to "
                + "about 12500ms. Raise genesys.batch-size (125 would fit, max 200) or genesys.poll-period", warning);
    }

    @Test
    void withinTheBudgetThereIsNothingToSay() {
        assertTrue(BudgetCheck.warning(org(125, 240, Duration.ofSeconds(10)), 5000).isEmpty());
        assertTrue(BudgetCheck.warning(org(100, 240, Duration.ofSeconds(10)), 250).isEmpty());
    }

    @Test
    void callsPerSnapshotRoundUp() {
        assertEquals(3, BudgetCheck.callsPerSnapshot(250, 100));
        assertEquals(1, BudgetCheck.callsPerSnapshot(1, 100));
        assertEquals(0, BudgetCheck.callsPerSnapshot(0, 100));
    }

    @Test
    void exactlyTheBudgetFitsAndOneCallMoreDoesNot() {
        assertTrue(BudgetCheck.warning(org(100, 240, Duration.ofSeconds(10)), 4000).isEmpty(), "40 calls, 40 allowed");
        assertTrue(BudgetCheck.warning(org(100, 240, Duration.ofSeconds(10)), 4001).isPresent(), "41 calls, 40 allowed");
    }

    @Test
    void aBudgetOfLessThanOneCallPerPeriodStillSuggestsABatchSize() {
        assertEquals("org 'default': 500 queues / batch size 100 = 5 calls per snapshot, but "
                + "genesys.requests-per-minute=3 allows 0.5 calls per 10s poll period: snapshots will stretch to "
                + "about 100s. Raise genesys.batch-size (500 would fit, max 200) or genesys.poll-period",
                BudgetCheck.warning(org(100, 3, Duration.ofSeconds(10)), 500).orElseThrow());
    }
}

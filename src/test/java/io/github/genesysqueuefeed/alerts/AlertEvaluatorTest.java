package io.github.genesysqueuefeed.alerts;

import io.github.genesysqueuefeed.event.AlertEvent;
import io.github.genesysqueuefeed.event.QueueStatusEvent;
import io.github.genesysqueuefeed.feed.SnapshotPlan;
import io.github.genesysqueuefeed.support.MutableClock;

import static io.github.genesysqueuefeed.alerts.AlertRuleTest.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.support.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transitions only (OPEN once, CLOSED once), {@code for:} counted in snapshots in a row, rules removed from the file,
 * removed queues, and the evaluation time limit.
 */
class AlertEvaluatorTest {

    private static final Instant NOW = Instant.parse("2026-11-27T08:00:00.123Z");
    private final MutableClock clock = new MutableClock(NOW);

    @TempDir
    Path dir;

    private AlertRulesFile rules(String yaml) throws Exception {
        Path path = dir.resolve("alert-rules.yaml");
        Files.writeString(path, yaml);
        Files.setLastModifiedTime(path, FileTime.from(Instant.now().plusSeconds(Files.exists(path) ? 1 : 0)));
        return new AlertRulesFile(path);
    }

    private static List<String> states(List<AlertEvent> alerts) {
        return alerts.stream().map(a -> a.rule() + ":" + a.queueId() + ":" + a.state()).toList();
    }

    @Test
    void opensAfterForSnapshotsAndClosesOnceBelowTheCloseThreshold() throws Exception {
        AlertEvaluator evaluator = new AlertEvaluator(rules("""
                rules:
                  - {name: long-queue, field: waiting, open: 10, close: 5, for: 2, queues: ["a"]}
                """), clock);
        int[] series = {12, 3, 12, 14, 9, 6, 4, 4, 12};
        String[] expected = {"", "", "", "OPEN", "", "", "CLOSED", "", ""};
        for (int i = 0; i < series.length; i++) {
            List<AlertEvent> alerts = evaluator.evaluate(List.of(event("a", "A", series[i]), event("b", "B", 50)));
            assertEquals(expected[i].isEmpty() ? List.of() : List.of("long-queue:a:" + expected[i]), states(alerts),
                    "snapshot " + i + " (waiting " + series[i] + ")");
        }
    }

    @Test
    void aRuleRemovedFromTheFileClosesWhatItHadOpen() throws Exception {
        AlertRulesFile file = rules("rules:\n  - {name: busy, field: waiting, open: 0}\n");
        AlertEvaluator evaluator = new AlertEvaluator(file, clock);
        assertEquals(List.of("busy:a:OPEN"), states(evaluator.evaluate(List.of(event("a", "A", 1)))));

        Files.writeString(file.path(), "rules: []\n");
        Files.setLastModifiedTime(file.path(), FileTime.from(Instant.now().plusSeconds(10)));
        List<AlertEvent> closed = evaluator.evaluate(List.of(event("a", "A", 1)));
        assertEquals(List.of("busy:a:CLOSED"), states(closed));
        assertEquals(null, closed.get(0).field());
    }

    @Test
    void anInvalidEditKeepsThePreviousRulesAndTheirOpenAlerts() throws Exception {
        AlertRulesFile file = rules("rules:\n  - {name: busy, field: waiting, open: 0, queues: [a]}\n");
        AlertEvaluator evaluator = new AlertEvaluator(file, clock);
        assertEquals(List.of("busy:a:OPEN"), states(evaluator.evaluate(List.of(event("a", "A", 1), event("b", "B", 1)))));

        Files.writeString(file.path(), "rules:\n  - {name: busy, field: waiting, open: 0, queues: b}\n");
        Files.setLastModifiedTime(file.path(), FileTime.from(Instant.now().plusSeconds(10)));
        assertEquals(List.of(), evaluator.evaluate(List.of(event("a", "A", 1), event("b", "B", 1))),
                "neither closed (rule gone) nor opened for b (a string read as every queue)");
    }

    @Test
    void evaluationStopsAtItsTimeLimitAndLeavesTheRestForTheNextSnapshot() throws Exception {
        AlertRulesFile file = rules("""
                rules:
                  - {name: first, field: waiting, open: 0}
                  - {name: second, field: waiting, open: 0}
                  - {name: third, field: waiting, open: 0}
                """);
        AtomicLong nanos = new AtomicLong();
        // every look at the clock finds 400 ms more gone: the budget of 1 s is spent after the second rule
        AlertEvaluator slow = new AlertEvaluator(file, clock, Duration.ofSeconds(1), () -> nanos.addAndGet(400_000_000L));
        try (LogCapture log = LogCapture.start()) {
            assertEquals(List.of("first:a:OPEN", "second:a:OPEN"), states(slow.evaluate(List.of(event("a", "A", 1)))));
            assertTrue(log.text().contains("evaluating 1 queues took 1200 ms, more than 1000 ms; rules 3 to 3 are left "
                    + "for the next snapshot"), log.text());
        }
        AlertEvaluator fast = new AlertEvaluator(file, clock, Duration.ofSeconds(1), () -> 0L);
        assertEquals(List.of("first:a:OPEN", "second:a:OPEN", "third:a:OPEN"),
                states(fast.evaluate(List.of(event("a", "A", 1)))));
    }

    private static QueueStatusEvent inOrg(String org, String queueId, long waiting, long available) {
        return new QueueStatusEvent(QueueStatusEvent.TYPE, 1, org, queueId, queueId.toUpperCase(),
                "2026-11-25T10:00:00.000Z", waiting, 0, 0, null,
                new QueueStatusEvent.Agents(available, available, 0, 0, 0, available, available), Map.of(), null, null);
    }

    @Test
    void forCountsSnapshotsInARowAndBelowThresholdRulesUseTheirOwnSide() throws Exception {
        AlertEvaluator evaluator = new AlertEvaluator(rules("""
                rules:
                  - {name: no-agents, field: agents.available, operator: "<", open: 1, close: 1, for: 3}
                """), clock);
        long[] available = {0, 0, 1, 0, 0, 0, 0, 1, 2};
        String[] expected = {"", "", "", "", "", "OPEN", "", "", "CLOSED"};
        for (int i = 0; i < available.length; i++) {
            assertEquals(expected[i].isEmpty() ? List.of() : List.of("no-agents:a:" + expected[i]),
                    states(evaluator.evaluate(List.of(inOrg("default", "a", 0, available[i])))),
                    "snapshot " + i + " (available " + available[i] + "): a snapshot without breach restarts the count, "
                            + "and '<' closes only above close");
        }
    }

    @Test
    void anOpenAlertCarriesTheRuleTheValueAndTheSnapshotsTime() throws Exception {
        AlertEvaluator evaluator = new AlertEvaluator(rules("""
                rules:
                  - {name: busy, field: waiting, operator: ">=", open: 5, close: 2}
                """), clock);
        assertEquals(List.of(new AlertEvent(AlertEvent.TYPE, 1, "default", "a", "A", "busy", "OPEN", "waiting", 5.0,
                5.0, "2026-11-25T10:00:00.000Z")), evaluator.evaluate(List.of(inOrg("default", "a", 5, 1))));
        assertEquals(List.of(), evaluator.evaluate(List.of(inOrg("default", "a", 2, 1))), "2 is not below close 2");
        assertEquals(List.of(new AlertEvent(AlertEvent.TYPE, 1, "default", "a", "A", "busy", "CLOSED", "waiting", 1.0,
                2.0, "2026-11-25T10:00:00.000Z")), evaluator.evaluate(List.of(inOrg("default", "a", 1, 1))));
    }

    @Test
    void closeRemovedClosesOnlyTheRemovedQueuesOpenAlertsAtTheClocksTime() throws Exception {
        AlertEvaluator evaluator = new AlertEvaluator(rules("""
                rules:
                  - {name: busy, field: waiting, open: 0}
                  - {name: idle, field: waiting, operator: "<", open: 1}
                """), clock);
        assertEquals(List.of("busy:a:OPEN", "busy:b:OPEN", "busy:a:OPEN", "idle:c:OPEN"),
                states(evaluator.evaluate(List.of(inOrg("default", "a", 3, 1), inOrg("default", "b", 3, 1),
                        inOrg("other", "a", 3, 1), inOrg("default", "c", 0, 1)))));

        clock.set(NOW.plusSeconds(60));
        List<AlertEvent> closed = evaluator.closeRemoved(new SnapshotPlan("default", List.of(), List.of("a", "x")));
        assertEquals(List.of(new AlertEvent(AlertEvent.TYPE, 1, "default", "a", "A", "busy", "CLOSED", null, null, null,
                "2026-11-27T08:01:00.123Z")), closed, "field, value and threshold null; the time is the clock's");

        assertEquals(List.of("busy:a:OPEN"), states(evaluator.evaluate(List.of(inOrg("default", "a", 3, 1),
                        inOrg("default", "b", 3, 1), inOrg("other", "a", 3, 1)))),
                "a returning queue starts afresh; b and the other org's a stay open (no second OPEN)");
        assertEquals(List.of(), evaluator.closeRemoved(new SnapshotPlan("default", List.of(), List.of("x"))));
    }

    @Test
    void sameQueueIdInTwoOrgsIsTwoAlerts() throws Exception {
        AlertEvaluator evaluator = new AlertEvaluator(rules("rules:\n  - {name: busy, field: waiting, open: 0, for: 2}\n"),
                clock);
        assertEquals(List.of(), evaluator.evaluate(List.of(inOrg("emea", "q", 1, 1))));
        assertEquals(List.of(), evaluator.evaluate(List.of(inOrg("us", "q", 1, 1))), "us' first breach, not emea's second");
        List<AlertEvent> opened = evaluator.evaluate(List.of(inOrg("emea", "q", 1, 1), inOrg("us", "q", 1, 1)));
        assertEquals(List.of("emea", "us"), opened.stream().map(AlertEvent::org).toList());
    }
}

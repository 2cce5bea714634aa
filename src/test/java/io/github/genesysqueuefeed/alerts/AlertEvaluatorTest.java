package io.github.genesysqueuefeed.alerts;

import io.github.genesysqueuefeed.event.AlertEvent;

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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transitions only (OPEN once, CLOSED once), rules removed from the file, and the evaluation time limit. */
class AlertEvaluatorTest {

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
                """));
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
        AlertEvaluator evaluator = new AlertEvaluator(file);
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
        AlertEvaluator evaluator = new AlertEvaluator(file);
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
        AlertEvaluator slow = new AlertEvaluator(file, Duration.ofSeconds(1), () -> nanos.addAndGet(400_000_000L));
        try (LogCapture log = LogCapture.start()) {
            assertEquals(List.of("first:a:OPEN", "second:a:OPEN"), states(slow.evaluate(List.of(event("a", "A", 1)))));
            assertTrue(log.text().contains("evaluating 1 queues took 1200 ms, more than 1000 ms; rules 3 to 3 are left "
                    + "for the next snapshot"), log.text());
        }
        AlertEvaluator fast = new AlertEvaluator(file, Duration.ofSeconds(1), () -> 0L);
        assertEquals(List.of("first:a:OPEN", "second:a:OPEN", "third:a:OPEN"),
                states(fast.evaluate(List.of(event("a", "A", 1)))));
    }
}

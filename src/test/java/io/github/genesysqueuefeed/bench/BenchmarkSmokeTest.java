package io.github.genesysqueuefeed.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmarks at toy size (50 queues, 2 snapshots; 20 queues for 4 s per mode), so the documented commands cannot rot. */
class BenchmarkSmokeTest {

    @Test
    void tinyRunMeasuresEverySnapshotAndPrintsTheTable() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        QueueFeedBenchmark.Result result = new QueueFeedBenchmark(50, 2, Duration.ofSeconds(1), 100, 240,
                List.of("voice", "chat"), new PrintStream(log, true, StandardCharsets.UTF_8)).run();

        assertEquals("100", result.rows().get("events read"), result.table());
        assertEquals("2 / 2", result.rows().get("snapshots measured / complete (every queue's event)"), result.table());
        assertTrue(result.rows().get("observation calls per snapshot: ours / tutorial (one per queue)").startsWith("1.0 / 50"),
                result.table());
        String table = result.table();
        for (String row : List.of("snapshot time, first request -> last event acked", "bare KafkaProducer",
                "peak RSS (VmHWM)", "start -> first event")) {
            assertTrue(table.contains(row), row + " in\n" + table);
        }
    }

    @Test
    void freshnessPushDeliversEveryChangeWellWithinThePollPeriod() throws Exception {
        Duration pollPeriod = Duration.ofSeconds(2);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        FreshnessBenchmark bench = new FreshnessBenchmark(20, Duration.ofSeconds(4), 10, pollPeriod, Map.of(),
                new PrintStream(log, true, StandardCharsets.UTF_8));

        FreshnessBenchmark.ModeResult poll = bench.run(List.of("poll")).mode("poll");
        assertTrue(poll.changes() >= 20 && poll.ages().size() == poll.changes(), "every change seen\n" + poll.rows());
        assertTrue(poll.agePercentile(95) <= pollPeriod.toMillis() + 1_500, "poll: within one period\n" + poll.rows());

        FreshnessBenchmark.Result both = bench.run(List.of("push"));
        FreshnessBenchmark.ModeResult push = both.mode("push");
        assertTrue(push.startUpCalls().getOrDefault("POST /api/v2/notifications/channels", 0L) > 0,
                "genesys.mode=push opened a channel\n" + both.table());
        assertTrue(push.pushEvents() > 0, "events with source push\n" + both.table());
        assertTrue(push.ages().size() == push.changes(), "every change seen\n" + both.table());
        assertTrue(push.agePercentile(95) < pollPeriod.toMillis(), "push p95 below the poll period\n" + both.table());
    }
}

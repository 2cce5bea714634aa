package io.github.genesysqueuefeed.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark at toy size (50 queues, 2 snapshots), so the documented command cannot rot. */
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
}

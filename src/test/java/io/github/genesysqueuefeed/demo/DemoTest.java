package io.github.genesysqueuefeed.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The README's demo command runs this class: it must start, poll, and show snapshots read back from Kafka. */
class DemoTest {

    @Test
    void demoShowsSnapshotsOfAllTwentyQueuesReadBackFromKafka() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        try (Demo demo = new Demo(out, Duration.ofMillis(500))) {
            Instant deadline = Instant.now().plusSeconds(30);
            while (demo.tablesPrinted() < 2 && Instant.now().isBefore(deadline)) {
                Thread.onSpinWait();
                Thread.sleep(50); // poll-until: the printer thread advances on its own
            }
            assertTrue(demo.tablesPrinted() >= 2, "two snapshots printed within 30 s:\n" + buffer);
        }
        String console = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(console.contains("(20 queues)"), console);
        assertTrue(console.contains("Support") && console.contains("After Hours"), console);
        assertTrue(console.contains("oldest wait"), console);
    }
}

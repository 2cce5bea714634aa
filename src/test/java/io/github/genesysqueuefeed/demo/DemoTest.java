package io.github.genesysqueuefeed.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The README's demo command runs this class: it must start in push mode, show the start-up snapshot read back from
 * Kafka, then the changes the simulated org pushes, each as one line with its age.
 */
class DemoTest {

    @Test
    void demoShowsTheSnapshotThenPushedUpdatesReadBackFromKafka() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        try (Demo demo = new Demo(out, Duration.ofMillis(500), "push")) {
            assertTrue(waitFor(() -> demo.tablesPrinted() >= 1 && demo.pushUpdatesPrinted() >= 2, Duration.ofSeconds(30)),
                    "the start-up snapshot and two pushed updates printed within 30 s:\n" + buffer);
            assertTrue(demo.channelsCreated() > 0, "the feed opened a notification channel:\n" + buffer);
        }
        String console = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(console.contains("(20 queues, polled)"), console);
        assertTrue(console.contains("Support") && console.contains("After Hours"), console);
        assertTrue(console.contains("oldest wait") && console.contains(" ms"), console);
        assertTrue(console.matches("(?s).*\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  push  .* age +\\d+ ms.*"), console);
    }

    /** Poll-until: the printer thread and the feed advance on their own. */
    private static boolean waitFor(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}

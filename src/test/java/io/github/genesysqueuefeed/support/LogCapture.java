package io.github.genesysqueuefeed.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Captures what the feed writes to its log exactly as an operator would read it: the console appender's output on
 * System.err, after the encoder (layout, masking) has run. Still printed to the real System.err.
 *
 * <pre>
 * try (LogCapture log = LogCapture.start()) {
 *     ... run the feed ...
 *     assertFalse(log.text().contains(secret));
 * }
 * </pre>
 */
public final class LogCapture implements AutoCloseable {

    private final PrintStream original;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private LogCapture() {
        original = System.err;
        System.setErr(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
    }

    /** Starts capturing; logback's console appender writes to whatever System.err is at each line. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** Everything logged since {@link #start()}. */
    public String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    public List<String> lines() {
        return Arrays.asList(text().split("\n"));
    }

    /** The lines containing {@code needle}, for assertion messages. */
    public String linesContaining(String needle) {
        return lines().stream().filter(line -> line.contains(needle)).collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        System.setErr(original);
    }

    /** Writes to the original stream as before and into the capture buffer. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final ByteArrayOutputStream second;

        Tee(OutputStream first, ByteArrayOutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            synchronized (second) {
                second.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            synchronized (second) {
                second.write(b, off, len);
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
        }
    }
}

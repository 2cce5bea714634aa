package io.github.genesysqueuefeed.push;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential back-off with "equal jitter" between {@code min} and {@code max}: attempt n waits between half and all
 * of {@code min * 2^(n-1)} (capped at {@code max}), never less than {@code min}. Three lines, so no library.
 */
final class ReconnectBackoff {

    private ReconnectBackoff() {
    }

    /** {@link #delay(int, Duration, Duration, DoubleSupplier)} with the settings' bounds and a thread-local random. */
    static Duration delay(int attempt, ChannelSettings settings) {
        return delay(attempt, settings.backoffMin(), settings.backoffMax(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param attempt 1 for the first wait after a failure or drop */
    static Duration delay(int attempt, Duration min, Duration max, DoubleSupplier random) {
        long minMs = min.toMillis();
        long maxMs = Math.max(max.toMillis(), minMs);
        long base = minMs << Math.min(Math.max(attempt, 1) - 1, 30);
        if (base <= 0 || base > maxMs) {
            base = maxMs;
        }
        long jittered = base / 2 + (long) (random.getAsDouble() * (base - base / 2));
        return Duration.ofMillis(Math.max(minMs, Math.min(maxMs, jittered)));
    }
}

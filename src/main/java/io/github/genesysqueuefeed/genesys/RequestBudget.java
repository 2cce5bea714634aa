package io.github.genesysqueuefeed.genesys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The API-call budget of one OAuth token: at most {@code requestsPerMinute} calls in any sliding minute,
 * and none at all while a 429's Retry-After pause is running.
 *
 * <p>Genesys counts 300 calls per minute per token across every endpoint, so every call made with the
 * token (observations, discovery) goes through the same budget, and a 429 seen by one batch pauses all of
 * them: the limit is the token's, not the batch's. A sliding log of grant times (at most
 * {@code requestsPerMinute} entries) makes the guarantee exact for every window, not just per clock minute.
 */
public final class RequestBudget {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int requestsPerMinute;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Deque<Instant> granted = new ArrayDeque<>();
    private final AtomicLong waitedMillis = new AtomicLong();
    private Instant pausedUntil = Instant.MIN;
    private volatile boolean stopping;

    /** Waits are sliced so that a stopping feed is noticed within this much, not after a whole Retry-After. */
    private static final Duration SLICE = Duration.ofMillis(250);

    /** How the budget waits; tests and the benchmark may pass a recording one. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public RequestBudget(int requestsPerMinute, Clock clock, Sleeper sleeper) {
        this.requestsPerMinute = requestsPerMinute;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public static RequestBudget perMinute(int requestsPerMinute, Clock clock) {
        return new RequestBudget(requestsPerMinute, clock, d -> Thread.sleep(d.toMillis()));
    }

    /**
     * Blocks until a call may be made, then counts it.
     *
     * @throws IllegalStateException when the feed is stopping and the call would have to wait: that batch is
     *                               abandoned rather than sent late (a call allowed right away still goes)
     */
    public void acquire() throws InterruptedException {
        while (true) {
            Duration wait;
            synchronized (this) {
                Instant now = clock.instant();
                while (!granted.isEmpty() && !granted.peekFirst().plus(WINDOW).isAfter(now)) {
                    granted.pollFirst();
                }
                if (now.isBefore(pausedUntil)) {
                    wait = Duration.between(now, pausedUntil);
                } else if (granted.size() < requestsPerMinute) {
                    granted.addLast(now);
                    return;
                } else {
                    wait = Duration.between(now, granted.peekFirst().plus(WINDOW));
                }
            }
            if (stopping) {
                throw new IllegalStateException("the feed is stopping: call abandoned while waiting for the API budget");
            }
            // at least 1 ms so a wait that rounds to zero cannot spin
            Duration sleep = wait.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1)
                    : wait.compareTo(SLICE) > 0 ? SLICE : wait;
            waitedMillis.addAndGet(sleep.toMillis());
            sleeper.sleep(sleep);
        }
    }

    /** Graceful shutdown: every caller waiting for the budget gives up now instead of after its wait. */
    public void stop() {
        stopping = true;
    }

    /** True once {@link #stop()} was called: waits that would come too late give up. */
    public boolean isStopping() {
        return stopping;
    }

    /** No call on this token until {@code duration} from now (a 429's Retry-After); never shortens a pause. */
    public synchronized void pauseFor(Duration duration) {
        Instant until = clock.instant().plus(duration);
        if (until.isAfter(pausedUntil)) {
            pausedUntil = until;
        }
    }


    public int requestsPerMinute() {
        return requestsPerMinute;
    }

    /** Total time callers spent waiting for the budget or a pause, in milliseconds. */
    public long waitedMillis() {
        return waitedMillis.get();
    }
}

package io.github.genesysqueuefeed.genesys;

import io.github.genesysqueuefeed.config.ResilienceConfig;
import io.github.genesysqueuefeed.genesys.GenesysRateLimitedException;
import io.github.genesysqueuefeed.genesys.Failures;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure policy of the observations route ({@code genesys-errors} in routes/queue-feed.yaml), for the Genesys
 * calls that are not made inside a Camel exchange: queue listing and name lookups. Same classification
 * ({@link Failures#isTransient}), same numbers ({@code genesys.retry.max-attempts}, {@code initial-delay} doubling up
 * to {@code max-delay}, Camel's collision-avoidance jitter of +/-15 %), and a 429 is retried at once because
 * {@link GenesysApi} has already paused the whole token's budget for its (capped) Retry-After.
 *
 * <p>Hand-written rather than routed through Camel because the listing runs inside {@code QueueDirectory.queues()},
 * a plain method the snapshot route calls; a second route just to get redelivery would split one listing into an
 * exchange per page. The token call has no retry of its own: it fails to whichever call needed the token, whose
 * policy (this one or the route's) decides.
 */
public final class RetryPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);
    /** Camel's default collision-avoidance factor, which {@code useCollisionAvoidance()} applies. */
    static final double JITTER = 0.15;

    private final ResilienceConfig resilience;
    private final Sleeper sleeper;

    /** How the policy waits between attempts; tests may record instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** One attempt of the call. */
    @FunctionalInterface
    public interface Attempt<T> {
        T call() throws Exception;
    }

    public RetryPolicy(ResilienceConfig resilience) {
        this(resilience, d -> Thread.sleep(d.toMillis()));
    }

    public RetryPolicy(ResilienceConfig resilience, Sleeper sleeper) {
        this.resilience = resilience;
        this.sleeper = sleeper;
    }

    /** Runs {@code attempt} up to {@code genesys.retry.max-attempts} times; the last failure is thrown as it is. */
    public <T> T run(String what, Attempt<T> attempt) throws Exception {
        for (int n = 1; ; n++) {
            try {
                return attempt.call();
            } catch (GenesysRateLimitedException rateLimited) {
                if (n >= resilience.maxAttempts()) {
                    throw rateLimited;
                }
                // no wait here: the token's budget holds every call for the Retry-After
            } catch (Exception failure) {
                if (!Failures.isTransient(failure) || n >= resilience.maxAttempts()) {
                    throw failure;
                }
                Duration delay = backoff(n);
                LOG.warn("{}: attempt {} of {} failed ({}), next in {} ms", what, n, resilience.maxAttempts(),
                        failure.getMessage(), delay.toMillis());
                sleeper.sleep(delay);
            }
        }
    }

    /** The wait after failed attempt {@code n} (1-based): initial-delay * 2^(n-1), +/-15 %, capped at max-delay. */
    public Duration backoff(int n) {
        long base = Math.max(1, resilience.initialDelay().toMillis());
        long cap = Math.max(1, resilience.maxDelay().toMillis());
        long delay = base;
        for (int i = 1; i < n && delay < cap; i++) {
            delay *= 2;
        }
        long spread = (long) (delay * JITTER);
        delay += spread == 0 ? 0 : ThreadLocalRandom.current().nextLong(-spread, spread + 1);
        return Duration.ofMillis(Math.min(delay, cap)); // Camel caps after the jitter too
    }
}

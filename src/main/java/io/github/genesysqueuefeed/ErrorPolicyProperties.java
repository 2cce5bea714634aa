package io.github.genesysqueuefeed;

import io.github.genesysqueuefeed.config.ResilienceConfig;
import java.util.Map;

/**
 * The values routes/queue-feed.yaml's error policy ({@code genesys-errors}) reads as placeholders, in the units Camel's
 * redelivery policy takes: redeliveries (attempts minus the first) and milliseconds. Derived from the validated
 * {@code genesys.retry.*} keys, so the YAML and the queue listing's {@code RetryPolicy} use the same numbers.
 */
final class ErrorPolicyProperties {

    static final String MAX_REDELIVERIES = "genesys.retry.max-redeliveries";
    static final String INITIAL_DELAY_MS = "genesys.retry.initial-delay-ms";
    static final String MAX_DELAY_MS = "genesys.retry.max-delay-ms";

    private ErrorPolicyProperties() {
    }

    static Map<String, String> of(ResilienceConfig resilience) {
        return Map.of(
                MAX_REDELIVERIES, Integer.toString(resilience.maxAttempts() - 1),
                INITIAL_DELAY_MS, Long.toString(Math.max(1, resilience.initialDelay().toMillis())),
                MAX_DELAY_MS, Long.toString(Math.max(1, resilience.maxDelay().toMillis())));
    }
}

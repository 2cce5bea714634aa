package io.github.genesysqueuefeed.feed;

import io.github.genesysqueuefeed.config.Durations;
import io.github.genesysqueuefeed.config.ResilienceConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One org's resilience4j circuit breaker, used by the poll route's {@code circuitBreaker} step (bound as
 * {@code circuit-<org>}): after {@code genesys.circuit.failure-threshold} failed snapshots in a row it opens, and one
 * trial snapshot per {@code genesys.circuit.open-period} runs until one succeeds. "N in a row" is a count-based window
 * of N calls that opens at a 100 % failure rate; one trial call while half open.
 */
public final class SnapshotCircuit {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCircuit.class);

    private SnapshotCircuit() {
    }

    /** Created in {@code circuits}, whose breakers the metrics publish (resilience4j_circuitbreaker_*, tag name). */
    public static CircuitBreaker create(String org, ResilienceConfig resilience, CircuitBreakerRegistry circuits) {
        int threshold = resilience.circuitFailureThreshold();
        CircuitBreaker circuit = circuits.circuitBreaker("snapshots-" + org, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(threshold)
                .minimumNumberOfCalls(threshold)
                .failureRateThreshold(100)
                .waitDurationInOpenState(resilience.circuitOpenPeriod())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .slowCallDurationThreshold(Duration.ofDays(365))  // a slow snapshot is not a failed one
                .writableStackTraceEnabled(false)
                .build());
        circuit.getEventPublisher().onStateTransition(event -> {
            switch (event.getStateTransition().getToState()) {
                case OPEN -> {
                    if (event.getStateTransition().getFromState() == CircuitBreaker.State.CLOSED) {
                        LOG.warn("org '{}': {} snapshots failed in a row, circuit open: one trial snapshot every {} "
                                + "until one succeeds", org, threshold, Durations.format(resilience.circuitOpenPeriod()));
                    }
                }
                case CLOSED -> LOG.info("org '{}': Genesys answers again, circuit closed; polling every period", org);
                default -> { }
            }
        });
        return circuit;
    }

    /** Open, or half open with its trial snapshot running: not polling every period. */
    public static boolean isOpen(CircuitBreaker circuit) {
        return circuit.getState() != CircuitBreaker.State.CLOSED;
    }
}

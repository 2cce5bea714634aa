package io.github.genesysqueuefeed.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.config.ResilienceConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The breaker's configuration gives the documented behaviour: N failed snapshots in a row open it, one trial closes it. */
class SnapshotCircuitTest {

    private static CircuitBreaker circuit(int threshold, Duration openPeriod) {
        ResilienceConfig resilience = new ResilienceConfig(5, Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(3), threshold, openPeriod);
        return SnapshotCircuit.create("emea", resilience, CircuitBreakerRegistry.ofDefaults());
    }

    private static void failed(CircuitBreaker circuit) {
        assertTrue(circuit.tryAcquirePermission(), "the snapshot may run");
        circuit.onError(1, TimeUnit.MILLISECONDS, new SnapshotFailedException("a batch went to the dead letters"));
    }

    @Test
    void opensAfterThresholdFailuresInARowOnly() {
        CircuitBreaker circuit = circuit(3, Duration.ofMinutes(1));
        failed(circuit);
        failed(circuit);
        assertTrue(circuit.tryAcquirePermission());
        circuit.onSuccess(1, TimeUnit.MILLISECONDS);           // a success in between: the count starts again
        failed(circuit);
        failed(circuit);
        assertEquals(CircuitBreaker.State.CLOSED, circuit.getState(), "2 in a row since the success");
        failed(circuit);
        assertEquals(CircuitBreaker.State.OPEN, circuit.getState());
        assertTrue(SnapshotCircuit.isOpen(circuit));
        assertFalse(circuit.tryAcquirePermission(), "ticks are skipped while open");
    }

    @Test
    void afterTheOpenPeriodOneTrialRunsAndItsSuccessClosesTheCircuit() {
        CircuitBreaker circuit = circuit(1, Duration.ofMillis(50));
        failed(circuit);
        assertFalse(circuit.tryAcquirePermission());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!circuit.tryAcquirePermission()) {                // the trial snapshot, once the open period is over
            assertTrue(System.nanoTime() < deadline, "no trial after the open period");
            Thread.onSpinWait();
        }
        assertFalse(circuit.tryAcquirePermission(), "only one trial at a time");
        assertTrue(SnapshotCircuit.isOpen(circuit), "half open is not polling every period yet");
        circuit.onSuccess(1, TimeUnit.MILLISECONDS);
        assertEquals(CircuitBreaker.State.CLOSED, circuit.getState());
    }

    @Test
    void aSlowSnapshotIsNotAFailedOne() {
        CircuitBreaker circuit = circuit(1, Duration.ofMinutes(1));
        assertTrue(circuit.tryAcquirePermission());
        circuit.onSuccess(10, TimeUnit.MINUTES);
        assertEquals(CircuitBreaker.State.CLOSED, circuit.getState());
    }
}

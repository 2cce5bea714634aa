package io.github.genesysqueuefeed.config;

import java.time.Duration;

/**
 * How hard the feed retries before it dead-letters a batch, and when it stops hammering a Genesys that keeps failing.
 *
 * @param maxAttempts             attempts per batch for 429, 502/503/504 and timeouts (first try included)
 * @param initialDelay            first back-off after a 5xx or timeout; doubles per attempt, with jitter
 * @param maxDelay                cap of that back-off
 * @param rateLimitBackoff        first wait after a 429 without Retry-After (Genesys' SDKs use 3 s); doubles per attempt
 * @param circuitFailureThreshold consecutive failed snapshots that open the circuit
 * @param circuitOpenPeriod       while open, one trial snapshot per this period instead of one per poll period
 */
public record ResilienceConfig(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration rateLimitBackoff,
                               int circuitFailureThreshold, Duration circuitOpenPeriod) {
}

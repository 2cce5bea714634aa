package io.github.genesysqueuefeed.route;

import io.github.genesysqueuefeed.config.Masking;
import io.github.genesysqueuefeed.config.ResilienceConfig;
import io.github.genesysqueuefeed.discovery.GenesysApiException;
import io.github.genesysqueuefeed.discovery.GenesysErrors;
import io.github.genesysqueuefeed.org.GenesysOrg;
import io.github.genesysqueuefeed.org.GenesysOrgs;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the call by status, lets a 2xx through and turns anything else into a {@link GenesysApiException}
 * with Genesys' code, status and contextId. A 429 also pauses the whole token's budget, so every batch of
 * that token waits, not only the one that was told: for Retry-After when Genesys says, otherwise for an
 * exponential back-off from {@code genesys.retry.rate-limit-backoff} with jitter.
 */
public final class ObservationResponseCheck implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ObservationResponseCheck.class);
    static final String RATE_LIMIT_ATTEMPTS = "rateLimitAttempts";

    private final GenesysOrgs orgs;
    private final ResilienceConfig resilience;

    public ObservationResponseCheck(GenesysOrgs orgs, ResilienceConfig resilience) {
        this.orgs = orgs;
        this.resilience = resilience;
    }

    @Override
    public void process(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        GenesysOrg org = orgs.get(exchange.getProperty(FeedProperties.ORG, String.class));
        org.stats().apiCall(status == null ? 0 : status);
        if (status != null && status >= 200 && status < 300) {
            return;
        }
        QueueBatch batch = exchange.getProperty(FeedProperties.BATCH, QueueBatch.class);
        GenesysApiException error = GenesysErrors.fromResponse(org.alias(),
                "observations query for " + (batch == null ? "?" : batch.queues().size()) + " queues",
                "analytics:queueObservation:view", status == null ? 0 : status,
                // an error body may echo the request: the exception's message is logged
                Masking.mask(exchange.getMessage().getBody(String.class),
                        exchange.getProperty(FeedProperties.TOKEN, String.class), org.config().clientSecret().reveal()),
                exchange.getMessage().getHeader("Retry-After", String.class));
        if (error.status() == 429) {
            int attempt = exchange.getProperty(RATE_LIMIT_ATTEMPTS, 0, Integer.class) + 1;
            exchange.setProperty(RATE_LIMIT_ATTEMPTS, attempt);
            Duration pause = error.retryAfter() != null ? error.retryAfter() : backoff(attempt);
            org.budget().pauseFor(pause);
            org.stats().rateLimited.incrementAndGet();
            org.stats().retryAfterWaitedMillis.addAndGet(pause.toMillis());
            LOG.warn("org '{}': 429 rate limited (contextId={}), every call of this token waits {} ms",
                    org.alias(), error.contextId(), pause.toMillis());
        } else {
            LOG.warn(error.getMessage());
        }
        throw error;
    }


    /** 3 s, 6 s, 12 s ... capped at the retry max-delay, each with up to 20% jitter so orgs do not move in step. */
    private Duration backoff(int attempt) {
        long base = resilience.rateLimitBackoff().toMillis() << Math.min(attempt - 1, 10);
        long capped = Math.min(base, Math.max(resilience.maxDelay().toMillis(), resilience.rateLimitBackoff().toMillis()));
        return Duration.ofMillis(capped + ThreadLocalRandom.current().nextLong(capped / 5 + 1));
    }
}

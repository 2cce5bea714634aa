package io.github.genesysqueuefeed.route;

import io.github.genesysqueuefeed.discovery.GenesysApiException;
import io.github.genesysqueuefeed.discovery.GenesysErrors;
import io.github.genesysqueuefeed.org.GenesysOrgs;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Lets a 2xx through and turns anything else into a {@link GenesysApiException} with Genesys' code, status and
 * contextId. A 429 also pauses the whole token's budget for Retry-After (3 s when Genesys does not say, as its
 * SDKs do), so every batch of that token waits, not only the one that was told.
 */
public final class ObservationResponseCheck implements Processor {

    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(3);

    private final GenesysOrgs orgs;

    public ObservationResponseCheck(GenesysOrgs orgs) {
        this.orgs = orgs;
    }

    @Override
    public void process(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status != null && status >= 200 && status < 300) {
            return;
        }
        String org = exchange.getProperty(FeedProperties.ORG, String.class);
        QueueBatch batch = exchange.getProperty(FeedProperties.BATCH, QueueBatch.class);
        GenesysApiException error = GenesysErrors.fromResponse(org,
                "observations query for " + (batch == null ? "?" : batch.queues().size()) + " queues",
                "analytics:queueObservation:view", status == null ? 0 : status,
                exchange.getMessage().getBody(String.class),
                exchange.getMessage().getHeader("Retry-After", String.class));
        if (error.status() == 429) {
            orgs.get(org).budget().pauseFor(error.retryAfter() != null ? error.retryAfter() : DEFAULT_RETRY_AFTER);
        }
        throw error;
    }
}

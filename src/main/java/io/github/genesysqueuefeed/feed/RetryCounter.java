package io.github.genesysqueuefeed.feed;

import io.github.genesysqueuefeed.feed.GenesysOrgs;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Runs before each redelivery of a batch: counts it per org. */
public final class RetryCounter implements Processor {

    private final GenesysOrgs orgs;

    public RetryCounter(GenesysOrgs orgs) {
        this.orgs = orgs;
    }

    @Override
    public void process(Exchange exchange) {
        orgs.get(exchange.getProperty(FeedProperties.ORG, String.class)).stats().retries.incrementAndGet();
    }
}

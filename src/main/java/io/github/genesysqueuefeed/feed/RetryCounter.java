package io.github.genesysqueuefeed.feed;

import io.github.genesysqueuefeed.feed.GenesysOrgs;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Runs before each redelivery of a batch: counts it per org. */
public final class RetryCounter implements Processor {

    @Override
    public void process(Exchange exchange) {
        GenesysOrg.of(exchange).stats().retries.incrementAndGet();
    }
}

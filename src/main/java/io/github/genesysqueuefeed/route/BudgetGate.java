package io.github.genesysqueuefeed.route;

import io.github.genesysqueuefeed.org.GenesysOrgs;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Waits until the org's token may make one more call (sliding-minute budget and any 429 pause). */
public final class BudgetGate implements Processor {

    private final GenesysOrgs orgs;

    public BudgetGate(GenesysOrgs orgs) {
        this.orgs = orgs;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        orgs.get(exchange.getProperty(FeedProperties.ORG, String.class)).budget().acquire();
    }
}

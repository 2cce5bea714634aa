package io.github.genesysqueuefeed.feed;

import java.time.Clock;
import org.apache.camel.Exchange;

/**
 * The budget step of an observations call ({@code bean: genesysBudget.acquire}): waits for a slot of the org token's
 * {@code RequestBudget}, which a 429's Retry-After pauses for every caller of that token. The wait counts as progress
 * (liveness): a snapshot that waits for the budget is not stuck.
 */
public final class GenesysBudgetStep {

    private final Clock clock;

    public GenesysBudgetStep(Clock clock) {
        this.clock = clock;
    }

    public void acquire(Exchange exchange) throws InterruptedException {
        GenesysOrg org = GenesysOrg.of(exchange);
        org.stats().progressed(clock.instant());   // a call starts (each is bounded by its deadline)
        org.api().budget().acquire();
    }
}

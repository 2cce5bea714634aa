package io.github.genesysqueuefeed.feed;

import io.github.genesysqueuefeed.genesys.ClientCredentialsTokenProvider;
import io.github.genesysqueuefeed.genesys.RequestBudget;
import io.github.genesysqueuefeed.config.OrgConfig;
import io.github.genesysqueuefeed.feed.QueueDirectory;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.genesysqueuefeed.feed.FeedStats;

/**
 * Everything one org owns: its configuration, its token, the token's call budget, its queue list, the circuit
 * breaker that decides whether a tick starts a snapshot (used by the poll route's circuitBreaker step), its counters, and its authenticated API calls. Nothing is shared between orgs, so one
 * org's bad credentials or outage cannot slow another.
 */
public record GenesysOrg(OrgConfig config, ClientCredentialsTokenProvider tokens, RequestBudget budget,
                         QueueDirectory queues, CircuitBreaker circuit, FeedStats stats,
                         io.github.genesysqueuefeed.genesys.GenesysApi api) {

    /** The org whose snapshot this exchange belongs to ({@link FeedProperties#GENESYS_ORG}, set by its poll route). */
    public static GenesysOrg of(org.apache.camel.Exchange exchange) {
        GenesysOrg org = exchange.getProperty(FeedProperties.GENESYS_ORG, GenesysOrg.class);
        if (org == null) {
            throw new IllegalStateException("no " + FeedProperties.GENESYS_ORG + " property: not started by a poll route");
        }
        return org;
    }

    public String alias() {
        return config.alias();
    }
}

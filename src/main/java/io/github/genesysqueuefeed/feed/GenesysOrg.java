package io.github.genesysqueuefeed.feed;

import io.github.genesysqueuefeed.genesys.ClientCredentialsTokenProvider;
import io.github.genesysqueuefeed.genesys.RequestBudget;
import io.github.genesysqueuefeed.config.OrgConfig;
import io.github.genesysqueuefeed.feed.QueueDirectory;
import io.github.genesysqueuefeed.feed.SnapshotGate;
import io.github.genesysqueuefeed.feed.FeedStats;

/**
 * Everything one org owns: its configuration, its token, the token's call budget, its queue list, the gate
 * that decides whether a tick starts a snapshot, its counters, and its authenticated API calls. Nothing is shared between orgs, so one
 * org's bad credentials or outage cannot slow another.
 */
public record GenesysOrg(OrgConfig config, ClientCredentialsTokenProvider tokens, RequestBudget budget,
                         QueueDirectory queues, SnapshotGate gate, FeedStats stats,
                         io.github.genesysqueuefeed.genesys.GenesysApi api) {

    public String alias() {
        return config.alias();
    }
}

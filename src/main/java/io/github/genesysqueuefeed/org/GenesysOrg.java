package io.github.genesysqueuefeed.org;

import io.github.genesysqueuefeed.auth.ClientCredentialsTokenProvider;
import io.github.genesysqueuefeed.budget.RequestBudget;
import io.github.genesysqueuefeed.config.OrgConfig;
import io.github.genesysqueuefeed.discovery.QueueDirectory;
import io.github.genesysqueuefeed.route.SnapshotGate;
import io.github.genesysqueuefeed.stats.FeedStats;

/**
 * Everything one org owns: its configuration, its token, the token's call budget, its queue list, the gate
 * that decides whether a tick starts a snapshot, its counters, and its authenticated API calls. Nothing is shared between orgs, so one
 * org's bad credentials or outage cannot slow another.
 */
public record GenesysOrg(OrgConfig config, ClientCredentialsTokenProvider tokens, RequestBudget budget,
                         QueueDirectory queues, SnapshotGate gate, FeedStats stats,
                         io.github.genesysqueuefeed.http.GenesysApi api) {

    public String alias() {
        return config.alias();
    }
}

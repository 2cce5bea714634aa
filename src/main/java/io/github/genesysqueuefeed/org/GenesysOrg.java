package io.github.genesysqueuefeed.org;

import io.github.genesysqueuefeed.auth.ClientCredentialsTokenProvider;
import io.github.genesysqueuefeed.budget.RequestBudget;
import io.github.genesysqueuefeed.config.OrgConfig;
import io.github.genesysqueuefeed.discovery.QueueDirectory;

/** Everything one org owns: its configuration, its token, the token's call budget and its queue list. */
public record GenesysOrg(OrgConfig config, ClientCredentialsTokenProvider tokens, RequestBudget budget,
                         QueueDirectory queues) {

    public String alias() {
        return config.alias();
    }
}

package io.github.genesysqueuefeed.org;

import io.github.genesysqueuefeed.auth.ClientCredentialsTokenProvider;
import io.github.genesysqueuefeed.budget.RequestBudget;
import io.github.genesysqueuefeed.config.FeedConfig;
import io.github.genesysqueuefeed.config.OrgConfig;
import io.github.genesysqueuefeed.discovery.QueueDirectory;
import io.github.genesysqueuefeed.discovery.RoutingQueuesClient;
import io.github.genesysqueuefeed.route.SnapshotGate;
import io.github.genesysqueuefeed.stats.FeedStats;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The orgs of this feed by alias; bound in the Camel registry as {@code genesysOrgs}. */
public final class GenesysOrgs {

    private final Map<String, GenesysOrg> byAlias;

    private GenesysOrgs(Map<String, GenesysOrg> byAlias) {
        this.byAlias = byAlias;
    }

    public static GenesysOrgs create(FeedConfig config, Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
        Map<String, GenesysOrg> orgs = new LinkedHashMap<>();
        for (OrgConfig org : config.orgs()) {
            ClientCredentialsTokenProvider tokens = new ClientCredentialsTokenProvider(org.alias(), org.loginUrl(),
                    org.clientId(), org.clientSecret(), http, config.readTimeout(), config.authFailureBackoff(), clock);
            RequestBudget budget = RequestBudget.perMinute(org.requestsPerMinute());
            RoutingQueuesClient queuesClient = new RoutingQueuesClient(org.alias(), org.apiUrl(), tokens, budget, http,
                    config.readTimeout());
            QueueDirectory directory = new QueueDirectory(org, queuesClient, config.queueRefreshPeriod(), clock);
            FeedStats stats = new FeedStats();
            SnapshotGate gate = new SnapshotGate(org.alias(), config.resilience().circuitFailureThreshold(),
                    config.resilience().circuitOpenPeriod(), clock, stats);
            orgs.put(org.alias(), new GenesysOrg(org, tokens, budget, directory, gate, stats));
        }
        return new GenesysOrgs(Map.copyOf(orgs));
    }

    public GenesysOrg get(String alias) {
        GenesysOrg org = byAlias.get(alias);
        if (org == null) {
            throw new IllegalArgumentException("no org '" + alias + "' is configured");
        }
        return org;
    }

    public Collection<GenesysOrg> all() {
        return byAlias.values();
    }
}

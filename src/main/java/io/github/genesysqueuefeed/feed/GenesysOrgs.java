package io.github.genesysqueuefeed.feed;

import io.github.genesysqueuefeed.genesys.ClientCredentialsTokenProvider;
import io.github.genesysqueuefeed.genesys.RequestBudget;
import io.github.genesysqueuefeed.config.FeedConfig;
import io.github.genesysqueuefeed.config.OrgConfig;
import io.github.genesysqueuefeed.feed.QueueDirectory;
import io.github.genesysqueuefeed.genesys.RoutingQueuesClient;
import io.github.genesysqueuefeed.feed.FeedStats;
import io.github.genesysqueuefeed.genesys.GenesysApi;
import io.github.genesysqueuefeed.genesys.GenesysHttp;
import io.github.genesysqueuefeed.genesys.RetryPolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The orgs of this feed by alias; bound in the Camel registry as {@code genesysOrgs}. */
public final class GenesysOrgs {

    private final Map<String, GenesysOrg> byAlias;
    private final CircuitBreakerRegistry circuits;
    private final GenesysHttp http;

    private GenesysOrgs(Map<String, GenesysOrg> byAlias, CircuitBreakerRegistry circuits, GenesysHttp http) {
        this.byAlias = byAlias;
        this.circuits = circuits;
        this.http = http;
    }

    public static GenesysOrgs create(FeedConfig config, Clock clock) {
        // one HTTP client for every call of every org: one connect timeout, call deadline, size cap and proxy
        GenesysHttp http = new GenesysHttp(config.connectTimeout(), config.readTimeout(), config.maxResponseBytes(),
                config.proxy());
        Map<String, GenesysOrg> orgs = new LinkedHashMap<>();
        CircuitBreakerRegistry circuits = CircuitBreakerRegistry.ofDefaults();
        for (OrgConfig org : config.orgs()) {
            ClientCredentialsTokenProvider tokens = new ClientCredentialsTokenProvider(org.alias(), org.loginUrl(),
                    org.clientId(), org.clientSecret(), http, config.authFailureBackoff(), clock);
            RequestBudget budget = RequestBudget.perMinute(org.requestsPerMinute(), clock);
            FeedStats stats = new FeedStats();
            GenesysApi api = new GenesysApi(org.alias(), http, tokens, budget, config.resilience(), stats, clock);
            RoutingQueuesClient queuesClient = new RoutingQueuesClient(org.alias(), org.apiUrl(), api,
                    new RetryPolicy(config.resilience(), stopAware(budget)));
            QueueDirectory directory = new QueueDirectory(org, queuesClient, config.queueRefreshPeriod(), clock);
            orgs.put(org.alias(), new GenesysOrg(org, tokens, budget, directory,
                    SnapshotCircuit.create(org.alias(), config.resilience(), circuits), stats, api));
        }
        return new GenesysOrgs(Map.copyOf(orgs), circuits, http);
    }

    /** Listing back-off sleeps in slices and gives up once the feed stops, like a budget wait does. */
    private static RetryPolicy.Sleeper stopAware(RequestBudget budget) {
        return duration -> {
            long end = System.nanoTime() + duration.toNanos();
            long left;
            while ((left = end - System.nanoTime()) > 0) {
                if (budget.isStopping()) {
                    throw new IllegalStateException("the feed is stopping: queue listing abandoned during its back-off");
                }
                Thread.sleep(Math.max(1, Math.min(250, left / 1_000_000)));
            }
        };
    }

    public GenesysOrg get(String alias) {
        GenesysOrg org = byAlias.get(alias);
        if (org == null) {
            throw new IllegalArgumentException("no org '" + alias + "' is configured");
        }
        return org;
    }

    /** Every org's snapshot circuit breaker, for the metrics. */
    public CircuitBreakerRegistry circuits() {
        return circuits;
    }

    /** The one HTTP client every Genesys call (and push mode's websockets) goes through. */
    public GenesysHttp http() {
        return http;
    }

    public Collection<GenesysOrg> all() {
        return byAlias.values();
    }
}

package io.github.genesysqueuefeed;

import io.github.genesysqueuefeed.config.FeedConfig;
import io.github.genesysqueuefeed.feed.GenesysOrg;
import io.github.genesysqueuefeed.feed.GenesysOrgs;
import io.github.genesysqueuefeed.feed.SnapshotResults;
import io.github.genesysqueuefeed.ops.FatalErrors;
import io.github.genesysqueuefeed.ops.SafeRouteReload;
import io.github.genesysqueuefeed.ops.TemplatedRoutes;
import java.nio.file.Path;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteTemplateDefinition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;

/**
 * One poll route per configured org, from the {@code org-feed} route template in routes/queue-feed.yaml: the template
 * says what a poll does, this class only says which orgs there are (configuration, not YAML) and binds each org's
 * beans under names ending in {@code -<org>}, so the template resolves them once per instance.
 */
public final class OrgPipelines implements TemplatedRoutes {

    static final String TEMPLATE = "org-feed";

    private final FeedConfig config;
    private final GenesysOrgs orgs;
    private final Clock clock;
    private final FatalErrors errors;
    private volatile CamelContext context;

    public OrgPipelines(FeedConfig config, GenesysOrgs orgs, Clock clock, FatalErrors errors) {
        this.config = config;
        this.orgs = orgs;
        this.clock = clock;
        this.errors = errors;
    }

    /**
     * The leader-election namespace of one org: one leader per org, so orgs may be spread over instances. It is the
     * alias itself: the cluster service adds the prefix (the Lease is {@code genesys-queue-feed-<org>}, the lock file
     * {@code <feed.ha.file.root>/<org>}).
     */
    public static String leadershipNamespace(String org) {
        return org;
    }

    /** The registry name of an org's circuit breaker (feed/SnapshotCircuit). */
    public static String circuitName(String org) {
        return "circuit-" + org;
    }

    /** The route id of an org's poll. */
    public static String routeId(String org) {
        return "poll-" + org;
    }

    /**
     * After a reload of the file that holds the org-feed template: each org's poll route from its new version. Camel
     * 4.18's reload appends the file's templates to the model without removing the earlier ones of the same id (and
     * an id's first one wins), and leaves the routes made from them as they are: so the earlier versions go here,
     * and the poll routes are made again.
     */
    @Override
    public synchronized List<String> remake(Path file) {
        CamelContext context = this.context;
        RouteTemplateDefinition newest = newestTemplate();
        if (newest == null || !file.equals(SafeRouteReload.fileOf(newest.getResource()))) {
            return List.of();
        }
        ((ModelCamelContext) context).getRouteTemplateDefinitions()
                .removeIf(template -> TEMPLATE.equals(template.getId()) && template != newest);
        return instantiate(context);
    }

    @Override
    public List<String> madeFrom(Path file) {
        RouteTemplateDefinition newest = newestTemplate();
        if (newest == null || !file.equals(SafeRouteReload.fileOf(newest.getResource()))) {
            return List.of();
        }
        return orgs.all().stream().map(org -> routeId(org.alias())).toList();
    }

    /** The org-feed template last loaded (a reload appends its version); null before the context is configured. */
    private RouteTemplateDefinition newestTemplate() {
        CamelContext context = this.context;
        if (context == null) {
            return null;
        }
        List<RouteTemplateDefinition> versions = ((ModelCamelContext) context).getRouteTemplateDefinitions().stream()
                .filter(template -> TEMPLATE.equals(template.getId())).toList();
        return versions.isEmpty() ? null : versions.get(versions.size() - 1);
    }

    /** The beans the template names per org: its circuit breaker, its GenesysOrg, its snapshot counters. */
    void bindBeans(CamelContext context) {
        for (GenesysOrg org : orgs.all()) {
            context.getRegistry().bind(circuitName(org.alias()), org.circuit());
            context.getRegistry().bind("genesysOrg-" + org.alias(), org);
            context.getRegistry().bind("snapshotResults-" + org.alias(), new SnapshotResults(org, clock, errors::record));
        }
    }

    /**
     * Adds (or, after a reload of the template's file, replaces) each org's poll route; returns their ids. A poll route
     * being replaced finishes its snapshot first (the context's graceful shutdown).
     */
    public synchronized List<String> instantiate(CamelContext context) {
        this.context = context;
        List<String> ids = new ArrayList<>();
        for (GenesysOrg org : orgs.all()) {
            String alias = org.alias();
            String id = routeId(alias);
            try {
                if (context.getRoute(id) != null) {
                    context.getRouteController().stopRoute(id);
                    context.removeRoute(id);
                }
                TemplatedRouteBuilder.builder(context, TEMPLATE)
                        .routeId(id)
                        .parameter("org", alias)
                        .parameter("periodMs", String.valueOf(org.config().pollPeriod().toMillis()))
                        // with leader election on, only the instance that holds the org's lock runs its timer
                        .parameter("timerPrefix", config.ha().enabled() ? "master:" + leadershipNamespace(alias) + ":" : "")
                        .add();
            } catch (Exception e) {
                throw new IllegalStateException("route " + id + " from template " + TEMPLATE + ": " + e.getMessage(), e);
            }
            ids.add(id);
        }
        return ids;
    }
}

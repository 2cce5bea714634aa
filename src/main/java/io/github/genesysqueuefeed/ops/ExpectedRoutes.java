package io.github.genesysqueuefeed.ops;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;

/**
 * The routes that must be running: every route that ran when the feed started, plus those a successful reload of
 * {@code routes/*.yaml} added. A route of this set that is missing or not started (a reload that could not be rolled
 * back, a route stopped by hand) means the feed cannot publish: liveness says so. Camel's own route health checks
 * only look at routes that still exist, so a route a reload removed would never show.
 */
public final class ExpectedRoutes {

    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    /** The routes running now become the expected set (called once the context has started). */
    public void rememberRunning(CamelContext context) {
        context.getRoutes().forEach(route -> ids.add(route.getRouteId()));
    }

    public void expect(Collection<String> routeIds) {
        ids.addAll(routeIds);
    }

    /** "route 'x' missing", "route 'y' Stopped", ... in route-id order; empty while all run. */
    public List<String> problems(CamelContext context) {
        List<String> problems = new ArrayList<>();
        for (String id : new TreeSet<>(ids)) {
            if (context.getRoute(id) == null) {
                problems.add("route '" + id + "' missing");
                continue;
            }
            ServiceStatus status = context.getRouteController().getRouteStatus(id);
            if (status != ServiceStatus.Started) {
                problems.add("route '" + id + "' " + status);
            }
        }
        return problems;
    }
}

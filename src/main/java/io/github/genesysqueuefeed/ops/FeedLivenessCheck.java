package io.github.genesysqueuefeed.ops;

import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Liveness of the whole feed (the orgs' progress is {@link SnapshotProgressCheck}): DOWN for good after an
 * {@link Error} on any feed thread, and while a route that must run is missing or stopped (a reload that could not be
 * rolled back). Either way only a restart helps, which is what a failing liveness probe gets.
 */
public final class FeedLivenessCheck extends FeedHealthCheck {

    private final FatalErrors errors;
    private final ExpectedRoutes routes;

    public FeedLivenessCheck(FatalErrors errors, ExpectedRoutes routes) {
        super("feed", true);
        this.errors = errors;
        this.routes = routes;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String error = errors.reason();
        if (error != null) {
            builder.message(error).down();
            return;
        }
        CamelContext context = getCamelContext();
        if (context != null && context.isStarted()) {
            List<String> problems = routes.problems(context);
            if (!problems.isEmpty()) {
                builder.message("routes not running: " + String.join(", ", problems)).down();
                return;
            }
        }
        builder.up();
    }
}

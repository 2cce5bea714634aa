package io.github.genesysqueuefeed.ops;

import io.github.genesysqueuefeed.feed.FeedProperties;

import io.github.genesysqueuefeed.ops.FatalErrors;
import java.util.List;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * What every route (Java and YAML, reloaded ones too) does with an {@link Error}: the routes' own
 * {@code onException(Exception.class)} and {@code doCatch(Exception.class)} never see one, and Camel's default error
 * handler would log it with a stack trace (thousands of lines for a StackOverflowError) and let it fail the whole
 * snapshot. Here it is logged once in one line by {@link FatalErrors} (liveness DOWN), and the exchange it hit ends as a
 * failed batch: no events from it, the snapshot completes and counts as failed, the next tick starts a new one.
 */
public final class FatalErrorRouteConfiguration extends RouteConfigurationBuilder {

    private final FatalErrors errors;
    private final Consumer<String> batchFailed;

    /** @param batchFailed told the org of a batch an Error ended, so its snapshot counts as failed (BatchFailures) */
    public FatalErrorRouteConfiguration(FatalErrors errors, Consumer<String> batchFailed) {
        this.errors = errors;
        this.batchFailed = batchFailed;
    }

    @Override
    public void configuration() {
        routeConfiguration()                         // no id: applies to every route
                .onException(Error.class)
                    .handled(true)
                    .logExhausted(false)
                    .process(this::record)
                    .setBody(constant(List.of()))            // observe-batch's callers expect a list of events
                .end();
    }

    private void record(Exchange exchange) {
        Route route = exchange.getUnitOfWork() == null ? null : exchange.getUnitOfWork().getRoute();
        String org = exchange.getProperty(FeedProperties.ORG, String.class);
        errors.record(FatalErrors.errorIn(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)),
                "route '" + (route == null ? exchange.getFromRouteId() : route.getRouteId()) + "'"
                        + (org == null ? "" : ", org '" + org + "'"));
        if (org != null) {
            batchFailed.accept(org);
        }
    }
}

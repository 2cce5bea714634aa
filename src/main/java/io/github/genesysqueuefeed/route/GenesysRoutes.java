package io.github.genesysqueuefeed.route;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.config.FeedConfig;
import io.github.genesysqueuefeed.config.OrgConfig;
import io.github.genesysqueuefeed.observation.ObservationResponse;
import io.github.genesysqueuefeed.org.GenesysOrgs;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jackson.JacksonDataFormat;

/**
 * The Java half of the pipeline: one poll timer per org, and the Genesys call itself, where auth, budget and
 * the 401 retry read better as code. The flow ops edit (snapshot, publish) is YAML in {@code routes/}.
 */
public final class GenesysRoutes extends RouteBuilder {

    static final String OBSERVATIONS_URI = "${exchangeProperty." + FeedProperties.API_URL + "}"
            + "/api/v2/analytics/queues/observations/query?httpMethod=POST&throwExceptionOnFailure=false";

    private final FeedConfig config;
    private final GenesysOrgs orgs;
    private final ObjectMapper json;
    private final Clock clock;

    public GenesysRoutes(FeedConfig config, GenesysOrgs orgs, ObjectMapper json, Clock clock) {
        this.config = config;
        this.orgs = orgs;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void configure() {
        for (OrgConfig org : config.orgs()) {
            // a fixed-delay timer: a slow snapshot delays the next tick instead of stacking ticks up
            from("timer:poll-" + org.alias() + "?delay=0&period=" + org.pollPeriod().toMillis())
                    .routeId("poll-" + org.alias())
                    .setProperty(FeedProperties.ORG, constant(org.alias()))
                    .to("direct:snapshot");
        }

        TokenEnricher tokenEnricher = new TokenEnricher(orgs);
        BudgetGate budgetGate = new BudgetGate(orgs);

        from("direct:observe-batch").routeId("observe-batch")
                .process(new ObservationRequest(orgs))      // body: the observations query for this batch
                .process(budgetGate)                        // wait for the token's per-minute budget
                .process(tokenEnricher)                     // Authorization: Bearer <cached token>
                .toD(OBSERVATIONS_URI)
                .choice().when(header(Exchange.HTTP_RESPONSE_CODE).isEqualTo(401))
                    // expired or revoked token: fetch a new one once and ask again
                    .process(tokenEnricher::refresh)
                    .process(budgetGate)
                    .toD(OBSERVATIONS_URI)
                .end()
                .process(new ObservationResponseCheck(orgs))  // non-2xx -> GenesysApiException (429 pauses the token)
                .unmarshal(new JacksonDataFormat(json, ObservationResponse.class))
                .process(new EventExtraction(clock));        // body: List<QueueStatusEvent>, one per queue
    }
}

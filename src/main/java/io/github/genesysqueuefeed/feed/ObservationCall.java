package io.github.genesysqueuefeed.feed;

import io.github.genesysqueuefeed.genesys.GenesysApi;
import io.github.genesysqueuefeed.genesys.GenesysResponse;
import io.github.genesysqueuefeed.feed.GenesysOrg;
import io.github.genesysqueuefeed.feed.GenesysOrgs;
import java.net.URI;
import java.net.http.HttpRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The observations call of one batch attempt, through the org's {@link GenesysApi}: the token's budget and any 429
 * pause, {@code Authorization: Bearer}, {@code POST /api/v2/analytics/queues/observations/query} within the call
 * deadline and size cap, one token refresh on a 401. Every answer is counted by status
 * ({@code genesys_feed_api_calls_total}); a 2xx leaves its JSON in the body, anything else is thrown for
 * {@code observe-batch}'s redelivery policy to judge (429 pauses the token first).
 */
public final class ObservationCall implements Processor {

    static final String PATH = "/api/v2/analytics/queues/observations/query";
    static final String PERMISSION = "analytics:queueObservation:view";

    private final GenesysOrgs orgs;

    public ObservationCall(GenesysOrgs orgs) {
        this.orgs = orgs;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        GenesysOrg org = orgs.get(exchange.getProperty(FeedProperties.ORG, String.class));
        QueueBatch batch = exchange.getProperty(FeedProperties.BATCH, QueueBatch.class);
        String what = "observations query for " + (batch == null ? "?" : batch.queues().size()) + " queues";
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(exchange.getProperty(FeedProperties.API_URL, String.class) + PATH))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(exchange.getProperty(FeedProperties.QUERY, String.class)));
        exchange.getMessage().setBody(null); // a call that gets no answer leaves no stale body for the dead letter
        GenesysResponse response = org.api().call(what, request, org.stats()::apiCall);
        exchange.setProperty(FeedProperties.TOKEN, response.token());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, response.status());
        exchange.getMessage().setBody(response.body());
        org.api().check(response, what, PERMISSION);
    }
}

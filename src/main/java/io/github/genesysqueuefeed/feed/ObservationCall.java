package io.github.genesysqueuefeed.feed;

import io.github.genesysqueuefeed.genesys.AccessToken;
import io.github.genesysqueuefeed.genesys.GenesysResponse;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import org.apache.camel.Exchange;

/**
 * The call step of an observations call ({@code bean: genesysCall.postObservations}), after the budget and token
 * steps: {@code POST /api/v2/analytics/queues/observations/query} with the token, through the org's one Genesys
 * client (call deadline, size cap), and on a 401 one new token and one more try (inside this step, so that the error
 * policy never sees a refresh and the retry counter stays the feed's own retries). Every answer is counted by status
 * ({@code genesys_feed_api_calls_total}); a 2xx leaves its JSON in the body (and in {@link FeedProperties#RAW_ANSWER}),
 * anything else is thrown for {@code observe-batch}'s error policy to judge (a 429 pauses the token first).
 */
public final class ObservationCall {

    static final String PATH = "/api/v2/analytics/queues/observations/query";
    static final String PERMISSION = "analytics:queueObservation:view";

    private final Clock clock;

    public ObservationCall(Clock clock) {
        this.clock = clock;
    }

    public void postObservations(Exchange exchange) throws Exception {
        GenesysOrg org = GenesysOrg.of(exchange);
        QueueBatch batch = exchange.getProperty(FeedProperties.BATCH, QueueBatch.class);
        String what = "observations query for " + (batch == null ? "?" : batch.queues().size()) + " queues";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(org.config().apiUrl() + PATH))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(exchange.getProperty(FeedProperties.QUERY, String.class)));
        exchange.getMessage().setBody(null); // a call that gets no answer leaves no stale body for the dead letter
        exchange.removeProperty(FeedProperties.RAW_ANSWER);
        AccessToken token = exchange.getProperty(FeedProperties.ACCESS_TOKEN, AccessToken.class);
        GenesysResponse response = org.api().send(what, request, token, org.stats()::apiCall);
        org.stats().progressed(clock.instant());   // Genesys answered: the feed is moving, even while it retries
        exchange.setProperty(FeedProperties.TOKEN, response.token());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, response.status());
        exchange.getMessage().setBody(response.body());
        exchange.setProperty(FeedProperties.RAW_ANSWER, response.body());
        org.api().check(response, what, PERMISSION);
    }
}

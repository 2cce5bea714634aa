package io.github.genesysqueuefeed.route;

import io.github.genesysqueuefeed.org.GenesysOrgs;
import io.github.genesysqueuefeed.query.ObservationQueryBuilder;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Prepares one batch's call: the {@link QueueBatch} in the body becomes the observations query, kept as an exchange
 * property so that every attempt of {@code direct:call-observations} sends it again ({@link #resetForSend}).
 */
public final class ObservationRequest implements Processor {

    private final GenesysOrgs orgs;

    public ObservationRequest(GenesysOrgs orgs) {
        this.orgs = orgs;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        QueueBatch batch = exchange.getMessage().getMandatoryBody(QueueBatch.class);
        String query = ObservationQueryBuilder.body(batch.queueIds());
        exchange.setProperty(FeedProperties.BATCH, batch);
        exchange.setProperty(FeedProperties.QUERY, query);
        exchange.setProperty(FeedProperties.API_URL, orgs.get(batch.org()).config().apiUrl());
    }

    /**
     * Before every attempt (first, after a 401, on redelivery): the body is the query again and no header of an
     * earlier response (Retry-After, Content-Length, ...) is sent back to Genesys.
     */
    public static void resetForSend(Exchange exchange) {
        // keep Camel's redelivery bookkeeping (CamelRedeliveryCounter, ...): without it every redelivery starts
        // counting at 0 again and a batch that keeps failing transiently is retried forever (http filters Camel*)
        exchange.getMessage().getHeaders().keySet().removeIf(name -> !name.startsWith("CamelRedeliver"));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(exchange.getProperty(FeedProperties.QUERY, String.class));
    }
}

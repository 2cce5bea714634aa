package io.github.genesysqueuefeed.feed;

import io.github.genesysqueuefeed.genesys.ObservationQueryBuilder;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Prepares one batch's call: the {@link QueueBatch} in the body becomes the observations query, kept as an exchange
 * property so that every attempt of {@code direct:call-observations} ({@link ObservationCall}) sends it again.
 */
public final class ObservationRequest implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        QueueBatch batch = exchange.getMessage().getMandatoryBody(QueueBatch.class);
        String query = ObservationQueryBuilder.body(batch.queueIds());
        exchange.setProperty(FeedProperties.BATCH, batch);
        exchange.setProperty(FeedProperties.QUERY, query);
    }
}

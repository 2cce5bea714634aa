package io.github.genesysqueuefeed.route;

import io.github.genesysqueuefeed.observation.ObservationResponse;
import io.github.genesysqueuefeed.observation.QueueStatusExtractor;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Body: the parsed {@link ObservationResponse} in, one {@code QueueStatusEvent} per queue of the batch out. */
public final class EventExtraction implements Processor {

    private final Clock clock;

    public EventExtraction(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ObservationResponse response = exchange.getMessage().getMandatoryBody(ObservationResponse.class);
        QueueBatch batch = exchange.getProperty(FeedProperties.BATCH, QueueBatch.class);
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setBody(QueueStatusExtractor.extract(batch.org(), batch.queues(), response, clock.instant()));
    }
}

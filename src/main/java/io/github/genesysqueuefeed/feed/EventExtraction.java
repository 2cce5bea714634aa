package io.github.genesysqueuefeed.feed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.genesys.ImplausibleNumbersException;
import io.github.genesysqueuefeed.genesys.ObservationResponse;
import io.github.genesysqueuefeed.genesys.QueueStatusExtractor;
import io.github.genesysqueuefeed.genesys.QueueStatusExtractor.Extraction;
import io.github.genesysqueuefeed.genesys.QueueStatusExtractor.RejectedQueue;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.ExchangeHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Body: the observations answer, as the route's {@code unmarshal} step parsed it ({@link ObservationResponse}), one
 * {@code QueueStatusEvent} per plausible queue of the batch out. Whatever fails here (a null element in
 * {@code results}) puts the answer as Genesys sent it ({@link FeedProperties#RAW_ANSWER}) back in the body, so the
 * dead letter carries the JSON as received, not an object's toString() (a malformed answer fails the unmarshal step,
 * which leaves the text in the body). A queue whose numbers {@link QueueStatusExtractor} rejects is sent to
 * {@code direct:dead-letter} on its own, with its groups and the reason, and the other queues go on.
 */
public final class EventExtraction implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(EventExtraction.class);
    static final String DEAD_LETTER = "direct:dead-letter";

    private final ObjectMapper json;
    private final Clock clock;
    private final BatchFailures batchFailures;
    private final ProducerTemplate deadLetters;

    public EventExtraction(ObjectMapper json, Clock clock, BatchFailures batchFailures, ProducerTemplate deadLetters) {
        this.json = json;
        this.clock = clock;
        this.batchFailures = batchFailures;
        this.deadLetters = deadLetters;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        QueueBatch batch = exchange.getProperty(FeedProperties.BATCH, QueueBatch.class);
        Extraction extraction;
        try {
            ObservationResponse response = exchange.getMessage().getMandatoryBody(ObservationResponse.class);
            extraction = QueueStatusExtractor.extract(batch.org(), batch.queues(), response, clock.instant());
        } catch (Exception | Error failure) {
            exchange.getMessage().setBody(exchange.getProperty(FeedProperties.RAW_ANSWER, String.class));
            throw failure;
        }
        for (RejectedQueue rejected : extraction.rejected()) {
            deadLetter(exchange, rejected);
        }
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setBody(extraction.events());
    }

    /** The rejected queue's own dead letter: this exchange's org, query and token, the queue's groups as payload. */
    private void deadLetter(Exchange exchange, RejectedQueue rejected) throws Exception {
        Exchange letter = exchange.copy();
        letter.getMessage().getHeaders().clear();
        letter.getMessage().setBody(json.writeValueAsString(rejected.results()));
        letter.setProperty(Exchange.EXCEPTION_CAUGHT,
                new ImplausibleNumbersException(rejected.queue().id(), rejected.reason()));
        String routeId = ExchangeHelper.getAtRouteId(exchange);
        letter.setProperty(Exchange.FAILURE_ROUTE_ID, routeId == null ? "observe-batch" : routeId);
        Exchange sent = deadLetters.send(DEAD_LETTER, letter);
        if (sent.getException() != null) {
            // the queue's event is withheld all the same; the snapshot fails so the lost dead letter is counted
            batchFailures.count(exchange.getProperty(FeedProperties.ORG, String.class));
            LOG.warn("dead letter for queue {} could not be sent: {}", rejected.queue().id(),
                    sent.getException().getMessage());
        }
    }
}

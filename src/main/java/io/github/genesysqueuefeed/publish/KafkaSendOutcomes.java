package io.github.genesysqueuefeed.publish;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Reports every send to a {@code kafka:} endpoint to {@link KafkaProblems}: a failed one with its exception, an
 * acknowledged one as a success. Listening to Camel's "exchange sent" events rather than adding a step to each
 * route keeps this independent of how and from where the routes publish (YAML, Java, a ProducerTemplate): any
 * send to Kafka counts, and nothing in the publishing path has to remember to report.
 */
public final class KafkaSendOutcomes extends EventNotifierSupport {

    private final KafkaProblems problems;

    public KafkaSendOutcomes(KafkaProblems problems) {
        this.problems = problems;
        // only "sent" events are wanted: Camel then skips building all the others for this notifier
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSentEvent sent && sent.getEndpoint() instanceof KafkaEndpoint;
    }

    @Override
    public void notify(CamelEvent event) {
        CamelEvent.ExchangeSentEvent sent = (CamelEvent.ExchangeSentEvent) event;
        Exchange exchange = sent.getExchange();
        Exception failure = exchange.getException();
        if (failure == null) {
            // the topics Kafka acknowledged (a record may have named its own topic, the endpoint's is then wrong)
            Set<String> acknowledged = new TreeSet<>();
            if (exchange.getMessage().getHeader(KafkaConstants.KAFKA_RECORD_META) instanceof List<?> metadata) {
                metadata.stream().filter(RecordMetadata.class::isInstance)
                        .forEach(m -> acknowledged.add(((RecordMetadata) m).topic()));
            }
            if (acknowledged.isEmpty()) {
                problems.succeeded(topic(sent.getEndpoint()));
            } else {
                acknowledged.forEach(problems::succeeded);
            }
        } else {
            problems.failed(failure, topic(sent.getEndpoint()));
        }
    }

    private static String topic(Endpoint endpoint) {
        return endpoint instanceof KafkaEndpoint kafka ? kafka.getConfiguration().getTopic() : null;
    }
}

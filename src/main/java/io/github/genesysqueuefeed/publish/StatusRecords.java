package io.github.genesysqueuefeed.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.event.QueueStatusEvent;
import io.github.genesysqueuefeed.org.GenesysOrgs;
import io.github.genesysqueuefeed.route.FeedProperties;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * Turns a batch's events into Kafka records: key = queue id (so a compacted topic keeps each queue's latest
 * state and one queue's events stay in order), JSON value, headers {@code org}, {@code eventType} and
 * {@code content-type}. One exchange carries the whole list: camel-kafka sends an Iterable body as one record
 * per element and completes once every record is acknowledged, so a batch costs one round of acks, not 100.
 * Bound as {@code statusRecords}.
 */
public final class StatusRecords {

    private final ObjectMapper json;
    private final CamelContext camelContext;
    private final GenesysOrgs orgs;

    public StatusRecords(ObjectMapper json, CamelContext camelContext, GenesysOrgs orgs) {
        this.json = json;
        this.camelContext = camelContext;
        this.orgs = orgs;
    }

    /** After Kafka acknowledged the batch: count its events for the org. */
    public void published(Exchange exchange) {
        int count = exchange.getMessage().getBody(List.class).size();
        orgs.get(exchange.getProperty(FeedProperties.ORG, String.class)).stats().eventsPublished.addAndGet(count);
    }

    public List<Exchange> toRecords(List<QueueStatusEvent> events) throws JsonProcessingException {
        // Exchanges, not Messages: camel-kafka takes per-record headers only from an element that is an Exchange
        List<Exchange> records = new ArrayList<>(events.size());
        for (QueueStatusEvent event : events) {
            records.add(KafkaRecords.record(camelContext, event.queueId(), event.org(), event.eventType(),
                    json.writeValueAsString(event)));
        }
        return records;
    }
}

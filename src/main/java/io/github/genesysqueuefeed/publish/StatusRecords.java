package io.github.genesysqueuefeed.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.event.QueueStatusEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * Turns a batch's events into Kafka records: key = queue id (so a compacted topic keeps each queue's latest
 * state and one queue's events stay in order), JSON value, headers {@code org}, {@code eventType} and
 * {@code content-type}, handed to {@link KafkaPublisher} (which counts them as published once Kafka acknowledged
 * them). Bound as {@code statusRecords}.
 */
public final class StatusRecords {

    private final ObjectMapper json;
    private final CamelContext camelContext;

    public StatusRecords(ObjectMapper json, CamelContext camelContext) {
        this.json = json;
        this.camelContext = camelContext;
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

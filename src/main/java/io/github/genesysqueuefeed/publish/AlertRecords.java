package io.github.genesysqueuefeed.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.event.AlertEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/** Alert transitions as Kafka records, keyed by queue id. Bound as {@code alertRecords}. */
public final class AlertRecords {

    private final ObjectMapper json;
    private final CamelContext camelContext;

    public AlertRecords(ObjectMapper json, CamelContext camelContext) {
        this.json = json;
        this.camelContext = camelContext;
    }

    public List<Exchange> toRecords(List<AlertEvent> alerts) throws JsonProcessingException {
        List<Exchange> records = new ArrayList<>(alerts.size());
        for (AlertEvent alert : alerts) {
            records.add(KafkaRecords.record(camelContext, alert.queueId(), alert.org(), alert.eventType(),
                    json.writeValueAsString(alert)));
        }
        return records;
    }
}

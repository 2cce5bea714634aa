package io.github.genesysqueuefeed.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.genesysqueuefeed.event.AlertEvent;
import io.github.genesysqueuefeed.event.Json;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** Alert transitions as Kafka records: key = queue id, the alert's JSON, the same headers as status records. */
class AlertRecordsTest {

    @Test
    void eachTransitionIsOneRecordKeyedByQueue() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            List<Exchange> records = new AlertRecords(Json.mapper(), camel).toRecords(List.of(
                    new AlertEvent(AlertEvent.TYPE, 1, "us", "q-7", "Orders", "long-queue", "OPEN", "waiting", 12.0, 10.0,
                            "2026-11-27T08:00:00.000Z"),
                    new AlertEvent(AlertEvent.TYPE, 1, "us", "q-8", "Sales", "gone", "CLOSED", null, null, null,
                            "2026-11-27T08:00:10.000Z")));

            assertEquals(2, records.size());
            assertEquals(Map.of(KafkaConstants.KEY, "q-7", "org", "us", "eventType", "queue.alert",
                    "content-type", "application/json"), records.get(0).getIn().getHeaders());
            assertEquals("{\"eventType\":\"queue.alert\",\"schemaVersion\":1,\"org\":\"us\",\"queueId\":\"q-7\","
                    + "\"queueName\":\"Orders\",\"rule\":\"long-queue\",\"state\":\"OPEN\",\"field\":\"waiting\","
                    + "\"value\":12.0,\"threshold\":10.0,\"observedAt\":\"2026-11-27T08:00:00.000Z\"}",
                    records.get(0).getIn().getBody(String.class));
            assertEquals("q-8", records.get(1).getIn().getHeader(KafkaConstants.KEY));
            assertEquals("{\"eventType\":\"queue.alert\",\"schemaVersion\":1,\"org\":\"us\",\"queueId\":\"q-8\","
                    + "\"queueName\":\"Sales\",\"rule\":\"gone\",\"state\":\"CLOSED\",\"field\":null,\"value\":null,"
                    + "\"threshold\":null,\"observedAt\":\"2026-11-27T08:00:10.000Z\"}",
                    records.get(1).getIn().getBody(String.class));
        }
    }
}

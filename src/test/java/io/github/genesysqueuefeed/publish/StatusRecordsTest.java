package io.github.genesysqueuefeed.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.genesysqueuefeed.event.Json;
import io.github.genesysqueuefeed.event.QueueStatusEvent;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** A batch's events as Kafka records: key = queue id, the event's JSON (the published contract) and three headers. */
class StatusRecordsTest {

    @Test
    void eachEventIsOneRecordKeyedByQueueWithTheContractsJson() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            QueueStatusEvent event = new QueueStatusEvent(QueueStatusEvent.TYPE, 1, "emea", "q-1", "Billing",
                    "2026-11-27T08:00:00.000Z", 3, 2, 1, "2026-11-27T07:59:00.000Z",
                    new QueueStatusEvent.Agents(5, 1, 4, 0, 2, 9, 7),
                    Map.of("voice", new QueueStatusEvent.MediaCounts(3, 2, 1)),
                    new QueueStatusEvent.Division("d-1", "Home"), 42L);
            QueueStatusEvent second = new QueueStatusEvent(QueueStatusEvent.TYPE, 1, "emea", "q-2", null,
                    "2026-11-27T08:00:00.000Z", 0, 0, 0, null, new QueueStatusEvent.Agents(0, 0, 0, 0, 0, 0, 0),
                    Map.of(), null, null);

            List<Exchange> records = new StatusRecords(Json.mapper(), camel).toRecords(List.of(event, second));

            assertEquals(2, records.size());
            assertEquals(Map.of(KafkaConstants.KEY, "q-1", "org", "emea", "eventType", "queue.status",
                    "content-type", "application/json"), records.get(0).getIn().getHeaders());
            assertEquals("{\"eventType\":\"queue.status\",\"schemaVersion\":1,\"org\":\"emea\",\"queueId\":\"q-1\","
                    + "\"queueName\":\"Billing\",\"observedAt\":\"2026-11-27T08:00:00.000Z\",\"waiting\":3,"
                    + "\"interacting\":2,\"alerting\":1,\"oldestWaitingSince\":\"2026-11-27T07:59:00.000Z\","
                    + "\"agents\":{\"onQueue\":5,\"available\":1,\"busy\":4,\"notResponding\":0,\"offQueue\":2,"
                    + "\"members\":9,\"active\":7},\"byMediaType\":{\"voice\":{\"waiting\":3,\"interacting\":2,"
                    + "\"alerting\":1}},\"division\":{\"id\":\"d-1\",\"name\":\"Home\"},\"sequence\":42}",
                    records.get(0).getIn().getBody(String.class));
            assertEquals("q-2", records.get(1).getIn().getHeader(KafkaConstants.KEY));
            assertEquals("{\"eventType\":\"queue.status\",\"schemaVersion\":1,\"org\":\"emea\",\"queueId\":\"q-2\","
                    + "\"queueName\":null,\"observedAt\":\"2026-11-27T08:00:00.000Z\",\"waiting\":0,\"interacting\":0,"
                    + "\"alerting\":0,\"oldestWaitingSince\":null,\"agents\":{\"onQueue\":0,\"available\":0,\"busy\":0,"
                    + "\"notResponding\":0,\"offQueue\":0,\"members\":0,\"active\":0},\"byMediaType\":{},"
                    + "\"division\":null}", records.get(1).getIn().getBody(String.class),
                    "nulls are written (the contract keeps every field), except a sequence not yet assigned");
            assertEquals(List.of(), new StatusRecords(Json.mapper(), camel).toRecords(List.of()));
        }
    }
}

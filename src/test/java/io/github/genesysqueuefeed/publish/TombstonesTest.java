package io.github.genesysqueuefeed.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.genesysqueuefeed.feed.SnapshotPlan;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** One null-valued record per queue that left the feed, under its queue id, so a compacted topic forgets it. */
class TombstonesTest {

    @Test
    void eachRemovedQueueGetsANullValueUnderItsKey() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            List<Exchange> records = new Tombstones(camel).toRecords(
                    new SnapshotPlan("emea", List.of(), List.of("q-1", "q-2")));

            assertEquals(List.of("q-1", "q-2"), records.stream()
                    .map(r -> r.getIn().getHeader(KafkaConstants.KEY, String.class)).toList());
            for (Exchange record : records) {
                assertNull(record.getIn().getBody());
                assertEquals(Map.of(KafkaConstants.KEY, record.getIn().getHeader(KafkaConstants.KEY), "org", "emea",
                        "eventType", "queue.removed"), record.getIn().getHeaders(), "no content-type: there is no content");
            }
            assertEquals(List.of(), new Tombstones(camel).toRecords(new SnapshotPlan("emea", List.of(), List.of())));
        }
    }
}

package io.github.genesysqueuefeed.publish;

import io.github.genesysqueuefeed.feed.SnapshotPlan;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * A null value under the key of each queue that left the feed, so a log-compacted status topic forgets it.
 * Bound as {@code tombstones}.
 */
public final class Tombstones {

    private final CamelContext camelContext;

    public Tombstones(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    public List<Exchange> toRecords(SnapshotPlan plan) {
        List<Exchange> records = new ArrayList<>(plan.removedQueueIds().size());
        for (String queueId : plan.removedQueueIds()) {
            records.add(KafkaRecords.record(camelContext, queueId, plan.org(), "queue.removed", null));
        }
        return records;
    }
}

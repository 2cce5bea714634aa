package io.github.genesysqueuefeed.feed;

import io.github.genesysqueuefeed.genesys.QueueRef;
import java.util.List;

/** One observations query's worth of queues: batch {@code index} of {@code count} in one org's snapshot. */
public record QueueBatch(String org, int index, int count, List<QueueRef> queues) {

    public List<String> queueIds() {
        return queues.stream().map(QueueRef::id).toList();
    }

    @Override
    public String toString() {
        return "QueueBatch[org=" + org + ", " + (index + 1) + "/" + count + ", " + queues.size() + " queues]";
    }
}

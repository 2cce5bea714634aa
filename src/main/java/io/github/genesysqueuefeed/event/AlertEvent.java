package io.github.genesysqueuefeed.event;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A rule opening or closing for one queue: a record on {@code kafka.topic.alerts}, keyed by queue id. {@code field},
 * {@code value} and {@code threshold} are null on the CLOSED that follows a rule's removal from the rules file.
 */
@JsonPropertyOrder({"eventType", "schemaVersion", "org", "queueId", "queueName", "rule", "state", "field", "value",
        "threshold", "observedAt"})
public record AlertEvent(String eventType, int schemaVersion, String org, String queueId, String queueName, String rule,
                         String state, String field, Double value, Double threshold, String observedAt) {

    public static final String TYPE = "queue.alert";
}

package io.github.genesysqueuefeed.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * One queue's state in one snapshot: the value of a record on {@code kafka.topic.status}. Field names and
 * meaning are the published contract (docs/EVENTS.md); add fields freely, never rename one.
 *
 * @param observedAt         when the snapshot's observations arrived, ISO-8601 UTC with milliseconds
 * @param oldestWaitingSince when the longest-waiting interaction started waiting; null when nothing waits
 * @param division           the queue's division from the queue listing; null when unknown
 */
@JsonPropertyOrder({"eventType", "schemaVersion", "org", "queueId", "queueName", "observedAt", "waiting",
        "interacting", "alerting", "oldestWaitingSince", "agents", "byMediaType", "division"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record QueueStatusEvent(
        String eventType,
        int schemaVersion,
        String org,
        String queueId,
        String queueName,
        String observedAt,
        long waiting,
        long interacting,
        long alerting,
        String oldestWaitingSince,
        Agents agents,
        Map<String, MediaCounts> byMediaType,
        Division division) {

    public static final String TYPE = "queue.status";
    public static final int SCHEMA_VERSION = 1;

    @JsonPropertyOrder({"onQueue", "available", "busy", "notResponding", "offQueue", "members", "active"})
    public record Agents(long onQueue, long available, long busy, long notResponding, long offQueue, long members,
                         long active) {
    }

    @JsonPropertyOrder({"waiting", "interacting", "alerting"})
    public record MediaCounts(long waiting, long interacting, long alerting) {
    }

    /** A Genesys division, as {@code GET /api/v2/routing/queues} names it. */
    @JsonPropertyOrder({"id", "name"})
    public record Division(String id, String name) {
    }
}

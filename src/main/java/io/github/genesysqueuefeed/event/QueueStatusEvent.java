package io.github.genesysqueuefeed.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * One queue's state in one snapshot: the value of a record on {@code kafka.topic.status}. Field names and
 * meaning are the published contract (README.md, docs/CONSUMERS.md, docs/schemas/queue-status.schema.json); add fields freely, never rename one.
 *
 * @param observedAt         when the snapshot's observations arrived, ISO-8601 UTC with milliseconds
 * @param oldestWaitingSince when the longest-waiting interaction started waiting; null when nothing waits
 * @param division           the queue's division from the queue listing; null when unknown
 * @param sequence           per queue, +1 for every event published for it by this feed process (1 after a
 *                           restart); a jump means a lost event. Null only before publishing assigns it.
 * @param source             {@link #SOURCE_POLL} (an observations query) or {@link #SOURCE_PUSH} (a notification
 *                           merged into the queue's state); left out of the JSON when null
 */
@JsonPropertyOrder({"eventType", "schemaVersion", "org", "queueId", "queueName", "observedAt", "waiting",
        "interacting", "alerting", "oldestWaitingSince", "agents", "byMediaType", "division", "source", "sequence"})
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
        Division division,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long sequence,
        @JsonInclude(JsonInclude.Include.NON_NULL) String source) {

    public static final String TYPE = "queue.status";
    public static final int SCHEMA_VERSION = 1;
    public static final String SOURCE_POLL = "poll";
    public static final String SOURCE_PUSH = "push";

    /** An event without a {@code source} (the shape before push existed). */
    public QueueStatusEvent(String eventType, int schemaVersion, String org, String queueId, String queueName,
                            String observedAt, long waiting, long interacting, long alerting,
                            String oldestWaitingSince, Agents agents, Map<String, MediaCounts> byMediaType,
                            Division division, Long sequence) {
        this(eventType, schemaVersion, org, queueId, queueName, observedAt, waiting, interacting, alerting,
                oldestWaitingSince, agents, byMediaType, division, sequence, null);
    }

    public QueueStatusEvent withSequence(Long number) {
        return new QueueStatusEvent(eventType, schemaVersion, org, queueId, queueName, observedAt, waiting, interacting,
                alerting, oldestWaitingSince, agents, byMediaType, division, number, source);
    }

    public QueueStatusEvent withSource(String origin) {
        return new QueueStatusEvent(eventType, schemaVersion, org, queueId, queueName, observedAt, waiting, interacting,
                alerting, oldestWaitingSince, agents, byMediaType, division, sequence, origin);
    }

    /**
     * The event without what changes every snapshot (observedAt, sequence) and without its source: equal means
     * "nothing changed", so a reconcile poll that finds what the notifications said publishes nothing new.
     */
    public QueueStatusEvent content() {
        return new QueueStatusEvent(eventType, schemaVersion, org, queueId, queueName, null, waiting, interacting,
                alerting, oldestWaitingSince, agents, byMediaType, division, null, null);
    }

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

package io.github.genesysqueuefeed.routes;

import static io.github.genesysqueuefeed.PipelineRoutes.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.genesysqueuefeed.PipelineRoutes;
import io.github.genesysqueuefeed.PipelineRoutes.Sent;
import io.github.genesysqueuefeed.event.Json;
import io.github.genesysqueuefeed.event.QueueStatusEvent;
import io.github.genesysqueuefeed.feed.SnapshotPlan;
import io.github.genesysqueuefeed.support.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Route test of routes/queue-feed.yaml's tail, loaded as shipped: {@code queue-events} (alerts and status both get a
 * batch's events), {@code publish-queue-status} in {@code on-change} mode (unchanged queues filtered, heartbeats,
 * per-queue sequence numbers), {@code queue-alerts}, and for removed queues {@code publish-tombstones} and
 * {@code close-removed-alerts}. Real beans and the real KafkaPublisher; only the Kafka component is Camel's mock
 * (see PipelineRoutes). Each test uses its own queue ids: the context, like the feed's, keeps state across snapshots.
 */
class QueueEventsRouteTest {

    private static final String STATUS = "genesys.queue.status";
    private static final String ALERTS = "genesys.queue.alerts";
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-27T09:00:00Z"));

    @TempDir
    static Path dir;
    private static PipelineRoutes pipeline;

    @BeforeAll
    static void start() throws Exception {
        Path rules = dir.resolve("alert-rules.yaml");
        Files.writeString(rules, """
                rules:
                  - {name: building-up, field: waiting, open: 5, close: 2, for: 2, queues: ["q-a1"]}
                  - {name: gone-long, field: waiting, open: 5, close: 2, for: 1, queues: ["q-r1"]}
                """);
        pipeline = new PipelineRoutes(Map.of("kafka.status.mode", "on-change", "kafka.status.heartbeat-period", "60s",
                "alerts.rules-file", rules.toString()), CLOCK, context -> { });
    }

    @AfterAll
    static void stop() {
        pipeline.close();
    }

    @Test
    void alertsSeeEveryEventWhileOnChangePublishesOnlyWhatChangedWithPerQueueSequences() throws Exception {
        List<Sent> first = events(event("q-a1", 7), event("q-a2", 0));
        assertEquals(List.of("q-a1:1", "q-a2:1"), sequences(on(STATUS, first)), "a new queue is published at once");
        assertEquals(List.of(), on(ALERTS, first), "for: 2 needs a second snapshot");

        List<Sent> unchanged = events(event("q-a1", 7), event("q-a2", 0));
        assertEquals(List.of(), on(STATUS, unchanged), "nothing changed: no status record");
        assertEquals(List.of("building-up:q-a1:OPEN"), alerts(unchanged), "the alerts branch saw the unchanged queue");

        List<Sent> oneChanged = events(event("q-a1", 1), event("q-a2", 0));
        assertEquals(List.of("q-a1:2"), sequences(on(STATUS, oneChanged)));
        assertEquals(List.of("building-up:q-a1:CLOSED"), alerts(oneChanged));

        CLOCK.advance(Duration.ofSeconds(60));
        List<Sent> heartbeat = events(event("q-a1", 1), event("q-a2", 0));
        assertEquals(List.of("q-a1:3", "q-a2:2"), sequences(on(STATUS, heartbeat)), "heartbeat after 60 s");

        Sent record = on(STATUS, heartbeat).get(0);
        assertEquals("q-a1", record.key());
        assertEquals("default", record.headers().get("org"));
        assertEquals("queue.status", record.headers().get("eventType"));
        assertEquals("application/json", record.headers().get("content-type"));
        assertEquals(1, Json.mapper().readTree(record.value()).get("waiting").asLong());
    }

    @Test
    void aRemovedQueueGetsATombstoneItsOpenAlertsCloseAndItComesBackAsNew() throws Exception {
        List<Sent> opened = events(event("q-r1", 9));
        assertEquals(List.of("q-r1:1"), sequences(on(STATUS, opened)));
        assertEquals(List.of("gone-long:q-r1:OPEN"), alerts(opened));

        SnapshotPlan removed = new SnapshotPlan("default", List.of(), List.of("q-r1"));
        List<Sent> tombstones = pipeline.snapshot("direct:publish-tombstones", pipeline.exchange(removed));
        assertEquals(1, tombstones.size());
        assertEquals(STATUS, tombstones.get(0).topic());
        assertEquals("q-r1", tombstones.get(0).key());
        assertNull(tombstones.get(0).value(), "a tombstone: null value");
        assertEquals("queue.removed", tombstones.get(0).headers().get("eventType"));

        List<Sent> closed = pipeline.snapshot("direct:close-removed-alerts", pipeline.exchange(removed));
        assertEquals(List.of("gone-long:q-r1:CLOSED"), alerts(closed));
        assertEquals(List.of(), on(STATUS, closed));

        // same numbers as before it left, yet published at once and numbered from 1: it was forgotten
        List<Sent> back = events(event("q-r1", 9));
        assertEquals(List.of("q-r1:1"), sequences(on(STATUS, back)));
    }

    @Test
    void anEmptyBatchPublishesNothing() throws Exception {
        assertEquals(List.of(), pipeline.snapshot("direct:queue-events", pipeline.exchange(List.of())),
                "a dead-lettered batch's empty list reaches no topic");
    }

    private static List<Sent> events(QueueStatusEvent... events) throws Exception {
        return pipeline.snapshot("direct:queue-events", pipeline.exchange(List.of(events)));
    }

    private static QueueStatusEvent event(String queueId, long waiting) {
        return new QueueStatusEvent(QueueStatusEvent.TYPE, 1, "default", queueId, "Queue " + queueId,
                CLOCK.instant().toString(), waiting, 0, 0, null, new QueueStatusEvent.Agents(2, 1, 1, 0, 0, 3, 2),
                Map.of(), null, null);
    }

    private static List<String> sequences(List<Sent> status) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (Sent sent : status) {
            JsonNode value = Json.mapper().readTree(sent.value());
            assertEquals(sent.key(), value.get("queueId").asText(), "key = queue id");
            out.add(sent.key() + ":" + value.get("sequence").asLong());
        }
        return out;
    }

    private static List<String> alerts(List<Sent> sent) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (Sent alert : on(ALERTS, sent)) {
            JsonNode value = Json.mapper().readTree(alert.value());
            out.add(value.get("rule").asText() + ":" + alert.key() + ":" + value.get("state").asText());
        }
        return out;
    }
}

package io.github.genesysqueuefeed.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.genesysqueuefeed.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * The change-to-publish latency hook: an exchange's {@link KafkaPublisher#RECEIVED_AT} travels with its records
 * through the backlog, and when the sender reports them acknowledged the listener hears org and latency; a poll's
 * records (no RECEIVED_AT) are silent. The real SnapshotRecords and BacklogHandOver, a real exchange.
 */
class AcknowledgedLatencyTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:00:00Z"));
    private final BacklogHandOver held = new BacklogHandOver(1 << 20, null, new KafkaAway(), clock);
    private final SnapshotRecords records = new SnapshotRecords(KafkaPublisher.SNAPSHOT_RECORDS,
            new RecordSizeCheck(null, 1 << 20, "dead"), held::add);
    private final List<String> heard = new CopyOnWriteArrayList<>();

    @Test
    void aPushedSnapshotTellsItsLatencyWhenAcknowledgedAndAPolledOneDoesNot() throws Exception {
        held.onAcknowledged((org, latency) -> heard.add(org + " " + latency.toMillis()));
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange polled = statusExchange(camel, "q-1");
            records.begin(polled);
            records.collect(polled, "status");
            records.end(polled);

            Exchange pushed = statusExchange(camel, "q-2");
            pushed.setProperty(KafkaPublisher.RECEIVED_AT, clock.instant());
            records.begin(pushed);
            records.collect(pushed, "status");
            records.end(pushed);

            Exchange outsideSnapshot = statusExchange(camel, "q-3");
            outsideSnapshot.setProperty(KafkaPublisher.RECEIVED_AT, clock.instant().minusMillis(40));
            records.collect(outsideSnapshot, "status");
        }
        clock.advance(Duration.ofMillis(120));

        HeldSnapshot first = held.takeOldest(1, TimeUnit.SECONDS);
        assertNull(first.receivedAt());
        held.acknowledged(first);
        assertEquals(List.of(), heard, "a poll's snapshot has no notification behind it");

        HeldSnapshot second = held.takeOldest(1, TimeUnit.SECONDS);
        assertEquals("q-2", second.records().get(0).key(), "the records survive the compression with it");
        held.acknowledged(second);
        held.acknowledged(held.takeOldest(1, TimeUnit.SECONDS));
        assertEquals(List.of("default 120", "default 160"), heard);

        held.onAcknowledged(null);
        held.acknowledged(second);
        assertEquals(2, heard.size(), "no listener, nothing heard");
    }

    private static Exchange statusExchange(DefaultCamelContext camel, String queueId) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeaders(Map.of("org", "default", "eventType", "queue.status",
                KafkaConstants.KEY, queueId));
        exchange.getMessage().setBody("{\"queueId\":\"" + queueId + "\"}");
        return exchange;
    }
}

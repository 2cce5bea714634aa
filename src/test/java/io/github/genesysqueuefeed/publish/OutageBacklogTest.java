package io.github.genesysqueuefeed.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.event.Json;
import io.github.genesysqueuefeed.event.QueueStatusEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutageBacklogTest {

    private static final ObjectMapper JSON = Json.mapper();

    @Test
    void snapshotsComeOutOldestFirstWithTheirRecordsInOrderAndUnchanged() throws Exception {
        OutageBacklog backlog = new OutageBacklog(1_000_000);
        List<OutgoingRecord> first = snapshot(3, "2026-11-25T09:58:00.000Z", 1);
        List<OutgoingRecord> second = snapshot(3, "2026-11-25T09:58:10.000Z", 2);
        backlog.add(HeldSnapshot.of("default", first));
        backlog.add(HeldSnapshot.of("default", second));

        assertEquals(first, backlog.takeOldest(0, TimeUnit.MILLISECONDS).records());
        assertEquals(second, backlog.takeOldest(0, TimeUnit.MILLISECONDS).records());
        assertNull(backlog.takeOldest(10, TimeUnit.MILLISECONDS));
        assertEquals(0, backlog.bytes());
    }

    @Test
    void aTombstoneAndAMissingHeaderSurviveTheRoundTrip() {
        OutgoingRecord tombstone = new OutgoingRecord("status", "q1", Map.of("org", "emea", "eventType", "queue.removed"), null);
        assertEquals(List.of(tombstone), HeldSnapshot.of("emea", List.of(tombstone)).records());
    }

    @Test
    void beyondTheBoundTheOldestSnapshotsAreDroppedWholeAndTheNewestKept() {
        HeldSnapshot one = HeldSnapshot.of("default", snapshot(50, "2026-11-25T09:58:00.000Z", 1));
        long bound = one.bytes() * 3L + one.bytes() / 2;
        OutageBacklog backlog = new OutageBacklog(bound);
        List<HeldSnapshot> dropped = new ArrayList<>();
        List<HeldSnapshot> added = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            HeldSnapshot snapshot = HeldSnapshot.of("default", snapshot(50, "2026-11-25T09:58:0" + i + ".000Z", i + 1));
            added.add(snapshot);
            dropped.addAll(backlog.add(snapshot));
            assertTrue(backlog.bytes() <= bound, "bounded: " + backlog.bytes() + " > " + bound);
        }
        assertEquals(3, backlog.size());
        assertEquals(added.subList(0, 7), dropped, "the oldest went, in order");
        assertEquals(added.get(7), takeOldest(backlog));
    }

    @Test
    void aSnapshotLargerThanTheBoundIsStillKeptAloneRatherThanNothing() {
        OutageBacklog backlog = new OutageBacklog(1_024);
        HeldSnapshot big = HeldSnapshot.of("default", snapshot(200, "2026-11-25T09:58:00.000Z", 1));
        HeldSnapshot bigger = HeldSnapshot.of("default", snapshot(200, "2026-11-25T09:58:10.000Z", 2));
        assertTrue(big.bytes() > 1_024);
        assertEquals(List.of(), backlog.add(big));
        assertEquals(List.of(big), backlog.add(bigger));
        assertEquals(1, backlog.size());
        assertEquals(bigger.bytes(), backlog.bytes());
    }

    /**
     * The figure behind kafka.outage.max-buffered's default (application.properties): a 5,000-queue status
     * snapshot, realistic events (two media types, a division, changing numbers), held compressed.
     */
    @Test
    void aFiveThousandQueueSnapshotCompressesToAFractionOfItsSize() {
        List<OutgoingRecord> records = snapshot(5_000, "2026-11-25T09:58:02.417Z", 42);
        long raw = records.stream().mapToLong(OutgoingRecord::sizeInBytes).sum();
        HeldSnapshot held = HeldSnapshot.of("default", records);
        System.out.printf("5000-queue snapshot: %,d bytes as records, %,d bytes held compressed (%.1f %%)%n", raw,
                held.bytes(), 100.0 * held.bytes() / raw);
        assertTrue(held.bytes() < raw / 4, "compressed while held: " + held.bytes() + " of " + raw);
        assertEquals(records, held.records());
    }

    private static HeldSnapshot takeOldest(OutageBacklog backlog) {
        try {
            return backlog.takeOldest(0, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<OutgoingRecord> snapshot(int queues, String observedAt, long sequence) {
        Random random = new Random(queues * 31L + sequence);
        List<OutgoingRecord> records = new ArrayList<>(queues);
        for (int i = 0; i < queues; i++) {
            String id = String.format("%08x-0000-4000-8000-%012x", random.nextInt(), (long) i * 7919);
            long voiceWaiting = random.nextInt(12);
            long chatWaiting = random.nextInt(4);
            QueueStatusEvent event = new QueueStatusEvent(QueueStatusEvent.TYPE, 1, "default", id,
                    "Support queue " + i, observedAt, voiceWaiting + chatWaiting, random.nextInt(30), random.nextInt(3),
                    voiceWaiting + chatWaiting == 0 ? null : "2026-11-25T09:5" + random.nextInt(8) + ":1"
                            + random.nextInt(10) + "." + (100 + random.nextInt(900)) + "Z",
                    new QueueStatusEvent.Agents(random.nextInt(40), random.nextInt(10), random.nextInt(30),
                            random.nextInt(2), random.nextInt(10), 25 + random.nextInt(40), random.nextInt(40)),
                    Map.of("voice", new QueueStatusEvent.MediaCounts(voiceWaiting, random.nextInt(20), random.nextInt(3)),
                            "chat", new QueueStatusEvent.MediaCounts(chatWaiting, random.nextInt(10), random.nextInt(2))),
                    new QueueStatusEvent.Division("b1c2d3e4-0000-4000-8000-00000000000" + (i % 4), "Division " + (i % 4)),
                    sequence);
            try {
                records.add(new OutgoingRecord("genesys.queue.status", id, Map.of("org", "default", "eventType",
                        QueueStatusEvent.TYPE, "content-type", "application/json"), JSON.writeValueAsString(event)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return records;
    }
}

package io.github.genesysqueuefeed.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.genesysqueuefeed.event.QueueStatusEvent;
import io.github.genesysqueuefeed.feed.StatusChanges.Mode;
import io.github.genesysqueuefeed.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which events are published (every snapshot, or on change plus heartbeats) and their per-queue sequence numbers. */
class StatusChangesTest {

    private static final Instant START = Instant.parse("2026-11-27T08:00:00Z");
    private final MutableClock clock = new MutableClock(START);

    private static QueueStatusEvent event(String org, String queueId, long waiting, String observedAt) {
        return new QueueStatusEvent(QueueStatusEvent.TYPE, 1, org, queueId, "Queue " + queueId, observedAt, waiting, 1, 0,
                null, new QueueStatusEvent.Agents(2, 1, 1, 0, 0, 3, 2), Map.of(), null, null);
    }

    private static QueueStatusEvent event(String queueId, long waiting) {
        return event("default", queueId, waiting, "2026-11-27T08:00:00.000Z");
    }

    /** "queue:sequence" of each published event, in order. */
    private static List<String> published(List<QueueStatusEvent> events) {
        return events.stream().map(e -> e.org() + "/" + e.queueId() + ":" + e.sequence()).toList();
    }

    @Test
    void everySnapshotPublishesEveryQueueEveryTimeNumberedPerQueue() {
        StatusChanges changes = new StatusChanges(Mode.EVERY_SNAPSHOT, Duration.ofSeconds(60), clock);
        assertEquals(List.of("default/a:1", "default/b:1"), published(changes.select(List.of(event("a", 1), event("b", 1)))));
        assertEquals(List.of("default/a:2", "default/b:2"), published(changes.select(List.of(event("a", 1), event("b", 1)))),
                "unchanged numbers are published too");
        assertEquals(List.of("default/b:3"), published(changes.select(List.of(event("b", 5)))));
        assertEquals(List.of("default/a:3"), published(changes.select(List.of(event("a", 5)))),
                "a's numbering is its own: 3 after its 2, whatever b did");
    }

    @Test
    void thePublishedEventIsTheInputWithItsSequence() {
        StatusChanges changes = new StatusChanges(Mode.ON_CHANGE, Duration.ofSeconds(60), clock);
        QueueStatusEvent in = event("a", 4);
        assertEquals(List.of(in.withSequence(1L)), changes.select(List.of(in)));
        assertEquals(List.of(), changes.select(List.of()));
    }

    @Test
    void onChangePublishesOnlyWhatChangedApartFromObservedAt() {
        StatusChanges changes = new StatusChanges(Mode.ON_CHANGE, Duration.ofSeconds(60), clock);
        assertEquals(List.of("default/a:1", "default/b:1"), published(changes.select(List.of(event("a", 1), event("b", 1)))),
                "a queue seen for the first time is published");

        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of(), changes.select(List.of(event("default", "a", 1, "2026-11-27T08:00:10.000Z"),
                event("default", "b", 1, "2026-11-27T08:00:10.000Z"))), "only observedAt differs: nothing to publish");

        clock.advance(Duration.ofSeconds(10));
        List<QueueStatusEvent> changed = changes.select(List.of(event("a", 1), event("b", 2)));
        assertEquals(List.of("default/b:2"), published(changed), "b changed, a did not; b's next number is 2");
        assertEquals(2, changed.get(0).waiting());
    }

    @Test
    void anUnchangedQueueIsRepublishedOnceItsHeartbeatPeriodHasPassedSinceItsLastEvent() {
        StatusChanges changes = new StatusChanges(Mode.ON_CHANGE, Duration.ofSeconds(60), clock);
        changes.select(List.of(event("a", 1), event("b", 1)));          // t=0: both published
        clock.advance(Duration.ofSeconds(30));
        changes.select(List.of(event("a", 1), event("b", 7)));          // t=30: b changed, so b's heartbeat restarts

        clock.set(START.plus(Duration.ofMillis(59_999)));
        assertEquals(List.of(), changes.select(List.of(event("a", 1), event("b", 7))), "1 ms before a's heartbeat");
        clock.set(START.plusSeconds(60));
        assertEquals(List.of("default/a:2"), published(changes.select(List.of(event("a", 1), event("b", 7)))),
                "a's heartbeat is due at exactly 60 s; b's only at 90 s");
        clock.set(START.plusSeconds(89));
        assertEquals(List.of(), changes.select(List.of(event("a", 1), event("b", 7))));
        clock.set(START.plusSeconds(90));
        assertEquals(List.of("default/b:3"), published(changes.select(List.of(event("a", 1), event("b", 7)))));
        clock.set(START.plusSeconds(120));
        assertEquals(List.of("default/a:3"), published(changes.select(List.of(event("a", 1), event("b", 7)))),
                "the next heartbeat counts from the last one");
    }

    @Test
    void theSameQueueIdInTwoOrgsIsTwoQueues() {
        StatusChanges changes = new StatusChanges(Mode.ON_CHANGE, Duration.ofSeconds(60), clock);
        String at = "2026-11-27T08:00:00.000Z";
        assertEquals(List.of("emea/q:1", "us/q:1"), published(changes.select(List.of(event("emea", "q", 1, at),
                event("us", "q", 1, at)))));
        assertEquals(List.of("us/q:2"), published(changes.select(List.of(event("emea", "q", 1, at),
                event("us", "q", 2, at)))));
    }

    @Test
    void aRemovedQueueIsForgottenSoItsReturnIsPublishedAtOnceFromSequenceOne() {
        StatusChanges changes = new StatusChanges(Mode.ON_CHANGE, Duration.ofSeconds(60), clock);
        String at = "2026-11-27T08:00:00.000Z";
        changes.select(List.of(event("a", 1), event("b", 1), event("other", "a", 1, at)));
        changes.select(List.of(event("a", 2), event("b", 2), event("other", "a", 2, at)));

        changes.forgetRemoved(new SnapshotPlan("default", List.of(), List.of("a", "never-seen")));
        assertEquals(List.of("default/a:1"), published(changes.select(List.of(event("a", 2), event("b", 2),
                event("other", "a", 2, at)))), "only default's a is forgotten: b and the other org's a are unchanged");
    }

    @Test
    void theModeIsReadAsConfigured() {
        assertEquals(Mode.ON_CHANGE, Mode.parse("on-change"));
        assertEquals(Mode.EVERY_SNAPSHOT, Mode.parse(" Every-Snapshot "));
        assertThrows(IllegalArgumentException.class, () -> Mode.parse("sometimes"));
    }
}

package io.github.genesysqueuefeed.feed;

import io.github.genesysqueuefeed.event.QueueStatusEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which of a batch's events are published, and numbers them.
 *
 * <ul>
 *   <li>{@code every-snapshot} (default): every queue, every snapshot.</li>
 *   <li>{@code on-change}: a queue's event only when anything but {@code observedAt} differs from the last one
 *   published, plus a heartbeat re-publish every {@code kafka.status.heartbeat-period}, so a consumer can tell
 *   "unchanged" from "feed dead".</li>
 * </ul>
 * Every published event gets the queue's next {@code sequence} (1, 2, 3 ... per queue and feed process), so a
 * consumer sees a gap as a number skipped. Queues that left the feed are forgotten ({@link #forgetRemoved}), so one
 * that returns is published at once. Bound as {@code statusChanges}.
 */
public final class StatusChanges {

    public enum Mode {
        EVERY_SNAPSHOT, ON_CHANGE;

        public static Mode parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    private record LastPublished(QueueStatusEvent content, Instant at, long sequence) {
    }

    private final Mode mode;
    private final Duration heartbeat;
    private final Clock clock;
    private final Map<String, LastPublished> byQueue = new ConcurrentHashMap<>();

    public StatusChanges(Mode mode, Duration heartbeat, Clock clock) {
        this.mode = mode;
        this.heartbeat = heartbeat;
        this.clock = clock;
    }

    public List<QueueStatusEvent> select(List<QueueStatusEvent> events) {
        Instant now = clock.instant();
        List<QueueStatusEvent> publish = new ArrayList<>(events.size());
        for (QueueStatusEvent event : events) {
            String key = key(event.org(), event.queueId());
            QueueStatusEvent content = event.content();
            LastPublished last = byQueue.get(key);
            boolean due = mode == Mode.EVERY_SNAPSHOT || last == null || !last.content().equals(content)
                    || !now.isBefore(last.at().plus(heartbeat));
            if (due) {
                long sequence = last == null ? 1 : last.sequence() + 1;
                byQueue.put(key, new LastPublished(content, now, sequence));
                publish.add(event.withSequence(sequence));
            }
        }
        return publish;
    }

    /** The plan's queues that left the feed: a returning queue starts as new (published at once, sequence 1). */
    public void forgetRemoved(SnapshotPlan plan) {
        plan.removedQueueIds().forEach(id -> byQueue.remove(key(plan.org(), id)));
    }

    private static String key(String org, String queueId) {
        return org + '/' + queueId;
    }
}

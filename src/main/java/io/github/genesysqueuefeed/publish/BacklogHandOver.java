package io.github.genesysqueuefeed.publish;

import io.github.genesysqueuefeed.feed.GenesysOrgs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between the routes and the sender: snapshots handed over go into the {@link OutageBacklog} (what it drops to stay
 * within {@code kafka.outage.max-buffered} is counted per org and logged at most once a minute), the sender takes
 * them oldest first, and what is held counts the snapshot being sent too.
 */
final class BacklogHandOver {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPublisher.class);
    private static final Duration DROP_LOG_EVERY = Duration.ofMinutes(1);

    private final OutageBacklog backlog;
    private final GenesysOrgs orgs;
    private final KafkaAway away;
    private final Clock clock;
    private volatile HeldSnapshot inFlight;
    private volatile Instant lastDropLogged;
    private volatile BiConsumer<String, Duration> ackListener;

    BacklogHandOver(long maxBytes, GenesysOrgs orgs, KafkaAway away, Clock clock) {
        this.backlog = new OutageBacklog(maxBytes);
        this.orgs = orgs;
        this.away = away;
        this.clock = clock;
    }

    /** A snapshot's records (or a unit of its own): held compressed until the sender takes them; never blocks. */
    void add(List<OutgoingRecord> records, Instant receivedAt) {
        if (records.isEmpty()) {
            return;
        }
        List<HeldSnapshot> dropped = backlog.add(HeldSnapshot.of(records.get(0).org(), records, receivedAt));
        if (!dropped.isEmpty()) {
            logDropped(dropped, "more than kafka.outage.max-buffered (" + backlog.maxBytes() + " bytes) held");
        }
    }

    private void logDropped(List<HeldSnapshot> dropped, String why) {
        int recordCount = 0;
        for (HeldSnapshot snapshot : dropped) {
            recordCount += snapshot.recordCount();
            orgs.all().stream().filter(org -> org.alias().equals(snapshot.org())).findFirst()
                    .ifPresent(org -> org.stats().snapshotsDropped.incrementAndGet());
        }
        Instant now = clock.instant();
        Instant logged = lastDropLogged;
        if (logged == null || !now.isBefore(logged.plus(DROP_LOG_EVERY))) {
            lastDropLogged = now;
            LOG.warn("kafka {}: {} oldest snapshot(s) ({} records) dropped, {}; {} snapshots ({} bytes) still held "
                    + "(logged at most once a minute; genesys_feed_snapshots_dropped_total counts them all)",
                    away.since().map(since -> "away since " + since).orElse("not acknowledging"), dropped.size(),
                    recordCount, why, heldSnapshots(), heldBytes());
        }
    }

    /** The oldest snapshot, now in flight until {@link #delivered}; null when none came within the timeout. */
    HeldSnapshot takeOldest(long timeout, TimeUnit unit) throws InterruptedException {
        HeldSnapshot next = backlog.takeOldest(timeout, unit);
        if (next != null) {
            inFlight = next;
        }
        return next;
    }

    void onAcknowledged(BiConsumer<String, Duration> listener) {
        ackListener = listener;
    }

    /** Every record of {@code snapshot} is acknowledged: a pushed one tells its latency. */
    void acknowledged(HeldSnapshot snapshot) {
        BiConsumer<String, Duration> listener = ackListener;
        if (listener != null && snapshot.receivedAt() != null) {
            listener.accept(snapshot.org(), Duration.between(snapshot.receivedAt(), clock.instant()));
        }
    }

    /** The snapshot in flight is delivered (or given up). */
    void delivered() {
        inFlight = null;
    }

    /** Snapshots waiting for Kafka, the one being sent included. */
    int heldSnapshots() {
        return backlog.size() + (inFlight == null ? 0 : 1);
    }

    /** Compressed bytes waiting for Kafka, the snapshot being sent included. */
    long heldBytes() {
        HeldSnapshot sending = inFlight;
        return backlog.bytes() + (sending == null ? 0 : sending.bytes());
    }

    /** Empties the backlog at shutdown: what was never delivered, the snapshot in flight first. */
    List<HeldSnapshot> clear() {
        List<HeldSnapshot> left = new ArrayList<>(backlog.clear());
        HeldSnapshot unsent = inFlight;
        if (unsent != null) {
            left.add(0, unsent); // partly acknowledged, perhaps
        }
        return left;
    }
}

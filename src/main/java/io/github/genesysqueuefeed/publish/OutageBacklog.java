package io.github.genesysqueuefeed.publish;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The snapshots handed over for Kafka and not yet taken by the sender, oldest first, bounded in compressed bytes.
 * Adding never blocks: when the bound is exceeded the OLDEST snapshots are dropped whole (and returned, so the
 * caller counts and logs them), because the newest numbers are worth more to a consumer than the oldest. The
 * newest snapshot is always kept, even alone over the bound, so a bound smaller than one snapshot degrades to
 * "hold the latest" rather than "hold nothing".
 *
 * <p>Why a class of its own and not a Camel EIP or the producer's buffer: a seda queue is bounded by a count of
 * exchanges (not bytes), and when full it blocks or rejects the NEWEST; the Kafka producer's buffer-memory blocks
 * the caller for max.block.ms and then fails the newest send. Neither drops the oldest, and neither compresses
 * what waits.
 */
public final class OutageBacklog {

    private final long maxBytes;
    private final Deque<HeldSnapshot> snapshots = new ArrayDeque<>();
    private long bytes;

    public OutageBacklog(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** Adds the newest snapshot; returns the oldest ones dropped to stay within the bound (usually none). */
    public synchronized List<HeldSnapshot> add(HeldSnapshot snapshot) {
        snapshots.addLast(snapshot);
        bytes += snapshot.bytes();
        List<HeldSnapshot> dropped = List.of();
        while (bytes > maxBytes && snapshots.size() > 1) {
            HeldSnapshot oldest = snapshots.removeFirst();
            bytes -= oldest.bytes();
            if (dropped.isEmpty()) {
                dropped = new ArrayList<>();
            }
            dropped.add(oldest);
        }
        notifyAll();
        return dropped;
    }

    /** Takes the oldest snapshot, waiting up to {@code timeout} for one; null when none came. */
    public synchronized HeldSnapshot takeOldest(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (snapshots.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        HeldSnapshot oldest = snapshots.removeFirst();
        bytes -= oldest.bytes();
        return oldest;
    }

    /** Empties the backlog (shutdown): what is returned was never sent. */
    public synchronized List<HeldSnapshot> clear() {
        List<HeldSnapshot> all = new ArrayList<>(snapshots);
        snapshots.clear();
        bytes = 0;
        return all;
    }

    public synchronized int size() {
        return snapshots.size();
    }

    /** Compressed bytes held. */
    public synchronized long bytes() {
        return bytes;
    }

    public long maxBytes() {
        return maxBytes;
    }
}

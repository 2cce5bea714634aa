package io.github.genesysqueuefeed.push;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Whether a tick's snapshot polls, for one org in push mode: every tick while push is unavailable (fallen back), when
 * a reconcile is due (never done, {@code reconcile-period} since the last completed one, or requested: a reconnect,
 * dropped frames, a malformed notification), or when queues did not fit on the channels (overflow); otherwise not.
 * A reconcile is complete when every queue fed at its start has been polled ({@link #polled}); a batch that failed
 * keeps it due, so the next tick polls again. A request made while a reconcile runs is answered by the next one.
 * Pure and clock-free (the caller passes the time); thread-safe.
 */
final class PollDecision {

    private final Duration reconcilePeriod;
    private final Duration pushRetryAfter;
    private Instant lastReconcile;
    private long requests;
    private long requestsAtStart;
    private Set<String> pending = Set.of();
    private boolean reconciling;
    private Instant unavailableSince;
    private String unavailableWhy;
    private Instant retryPushAt;
    private boolean overflow;

    PollDecision(Duration reconcilePeriod, Duration pushRetryAfter) {
        this.reconcilePeriod = reconcilePeriod;
        this.pushRetryAfter = pushRetryAfter;
    }

    /** The decision for a tick at {@code now}; when it starts a reconcile, {@code queueIds} must all be polled. */
    synchronized boolean pollDue(Instant now, Collection<String> queueIds) {
        if (unavailableSince != null) {
            return true;
        }
        boolean due = reconciling || requests > requestsAtStart || lastReconcile == null
                || !now.isBefore(lastReconcile.plus(reconcilePeriod));
        if (due) {
            // (re)start: every queue fed now must be polled before the reconcile counts as done
            pending = new HashSet<>(queueIds);
            requestsAtStart = requests;
            reconciling = true;
            if (pending.isEmpty()) {
                complete(now);
            }
            return true;
        }
        return overflow;
    }

    /** True when the poll of this tick covers every queue; false when it is only for the overflow queues. */
    synchronized boolean fullPoll() {
        return unavailableSince != null || reconciling;
    }

    /** Queues whose observations were polled (a batch of a snapshot). */
    synchronized void polled(Collection<String> queueIds, Instant now) {
        if (reconciling && !pending.isEmpty()) {
            pending.removeAll(queueIds);
            if (pending.isEmpty()) {
                complete(now);
            }
        }
    }

    private void complete(Instant now) {
        reconciling = false;
        lastReconcile = now; // a request made meanwhile (requests > requestsAtStart) keeps the next one due
    }

    /** A reconnect, dropped frames, a malformed notification: the next tick polls everything. */
    synchronized void requestReconcile() {
        requests++;
    }

    synchronized void overflow(boolean queuesOverflow) {
        overflow = queuesOverflow;
    }

    /** Push refused or not kept up: poll every tick; returns false when it was already so (a failed retry). */
    synchronized boolean fallBack(Instant now, String why) {
        retryPushAt = now.plus(pushRetryAfter);
        unavailableWhy = why;
        if (unavailableSince != null) {
            return false;
        }
        unavailableSince = now;
        return true;
    }

    synchronized boolean retryDue(Instant now) {
        return unavailableSince != null && !now.isBefore(retryPushAt);
    }

    /** Push works again: a reconcile covers the gap. */
    synchronized void pushBack() {
        unavailableSince = null;
        unavailableWhy = null;
        retryPushAt = null;
        requests++;
    }

    synchronized boolean unavailable() {
        return unavailableSince != null;
    }

    /** {@code push}, or {@code poll (push unavailable since <instant>: <why>)}. */
    synchronized String mode() {
        return unavailableSince == null ? "push"
                : "poll (push unavailable since " + unavailableSince + ": " + unavailableWhy + ")";
    }

    synchronized Instant retryPushAt() {
        return retryPushAt;
    }
}

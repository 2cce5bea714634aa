package io.github.genesysqueuefeed.push;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One position of the {@link ChannelKeeper}'s plan: its current channel, socket and topics, and the calls that bring
 * them to what the plan wants. Fields change only in the keeper's passes and changes, one at a time
 * ({@link OneAtATime}); {@code socket} is also read by {@code stop()} and the gauges, hence volatile.
 */
final class KeptChannel {

    /** Opens a socket on a channel for this position (the keeper wires its frame and drop handling in). */
    @FunctionalInterface
    interface Opener {
        ChannelSocket open(KeptChannel position, NotificationChannel channel) throws Exception;
    }

    final int index;
    NotificationChannel channel;
    volatile ChannelSocket socket;
    Set<String> subscribed = Set.of();
    /** Why the socket must be reopened or the channel replaced; null when all is well. */
    ReconnectReason pending;
    /** The last reopen of this channel's socket failed: it may be gone at Genesys, the next attempt makes a new one. */
    boolean channelSuspect;
    /** Kept across a stop: the next open reuses the channel if it is not due (logged as such, not a reconnect). */
    boolean resumed;
    int failures;
    Instant nextAttemptAt = Instant.MIN;

    KeptChannel(int index) {
        this.index = index;
    }

    void reconnect(ReconnectReason reason, PushStats stats) {
        pending = reason;
        stats.reconnect(reason);
    }

    /**
     * The keeper starts again after a stop: the socket is gone, the channel, its topics and its {@code channelSuspect}
     * are kept (a stop and start must not cost a channel of the 20), the retry state starts afresh.
     */
    void suspend() {
        closeSocket("restarting");
        pending = null;
        failures = 0;
        nextAttemptAt = Instant.MIN;
        resumed = channel != null;
    }

    /** The final stop: the socket closes, the channel is handed back (for its topics to be removed) and forgotten. */
    NotificationChannel forget() {
        closeSocket("feed stopping");
        NotificationChannel kept = channel;
        channel = null;
        subscribed = Set.of();
        return kept;
    }

    boolean needsWork(Set<String> wanted) {
        if (wanted.isEmpty()) {
            return channel != null;
        }
        return socket == null || pending != null || !subscribed.equals(wanted);
    }

    /**
     * Brings this position to {@code wanted}: a new channel when there is none, it is due or suspect (make before
     * break: the old socket keeps delivering until the new channel is subscribed and open), else the same channel's
     * socket reopened if needed and its topics changed with the fewest calls. A socket to reopen on a channel within
     * {@code renewBefore} of its expiry is not reopened: the channel is replaced at once.
     */
    void converge(Set<String> wanted, NotificationsApi api, Opener opener, Instant now, Duration renewBefore)
            throws Exception {
        boolean replace = channel == null || channelSuspect || pending == ReconnectReason.SOCKET_CLOSING
                || pending == ReconnectReason.EXPIRY || !now.isBefore(channel.expires())
                || socket == null && !now.isBefore(channel.expires().minus(renewBefore));
        if (replace) {
            NotificationChannel fresh = api.createChannel();
            api.subscribe(fresh.id(), wanted);
            ChannelSocket opened = opener.open(this, fresh);
            ChannelSocket old = socket;
            channel = fresh;
            socket = opened;
            subscribed = wanted;
            channelSuspect = false;
            if (old != null) {
                old.close(pending == null ? "replaced" : pending.label());
            }
            return;
        }
        if (socket == null) {
            try {
                socket = opener.open(this, channel);
            } catch (IOException refused) {
                channelSuspect = true;
                throw refused;
            }
        }
        changeTopics(wanted, api);
    }

    /** Additions only: one POST of the new topics; any removal: one PUT of the whole list. */
    private void changeTopics(Set<String> wanted, NotificationsApi api) throws InterruptedException {
        Set<String> added = new LinkedHashSet<>(wanted);
        added.removeAll(subscribed);
        if (!wanted.containsAll(subscribed)) {
            api.subscribe(channel.id(), wanted);
        } else if (!added.isEmpty()) {
            api.addTopics(channel.id(), added);
        }
        subscribed = wanted;
    }

    /** No queue left here: the socket closes, the channel is left to expire. */
    void release() {
        closeSocket("no queues left on this channel");
        channel = null;
        subscribed = Set.of();
        pending = null;
        resumed = false;
    }

    void closeSocket(String why) {
        ChannelSocket open = socket;
        if (open != null) {
            open.close(why);
        }
        socket = null;
    }
}

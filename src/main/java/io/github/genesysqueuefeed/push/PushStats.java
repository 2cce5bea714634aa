package io.github.genesysqueuefeed.push;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** One org's push counters, plain so the channel classes count without knowing how they are exported. */
public final class PushStats {

    /** Channels with an open socket (a gauge). */
    public final AtomicInteger channelsOpen = new AtomicInteger();
    /** Topics subscribed on those channels (a gauge). */
    public final AtomicInteger topicsSubscribed = new AtomicInteger();
    /** Every text message received, heartbeats included. */
    public final AtomicLong messagesReceived = new AtomicLong();
    /** Messages handed to the frame listener (not heartbeats, not socket_closing). */
    public final AtomicLong notificationsReceived = new AtomicLong();
    public final AtomicLong heartbeats = new AtomicLong();
    /** Messages over the size cap (each closed its socket). */
    public final AtomicLong oversizedFrames = new AtomicLong();
    /** Failed attempts to create, subscribe or open a channel (each followed by a back-off). */
    public final AtomicLong failedAttempts = new AtomicLong();
    private final Map<ReconnectReason, AtomicLong> reconnects = new EnumMap<>(ReconnectReason.class);
    private volatile Instant lastMessageAt;

    public PushStats() {
        for (ReconnectReason reason : ReconnectReason.values()) {
            reconnects.put(reason, new AtomicLong());
        }
    }

    public long reconnects(ReconnectReason reason) {
        return reconnects.get(reason).get();
    }

    void reconnect(ReconnectReason reason) {
        reconnects.get(reason).incrementAndGet();
    }

    /** Sets the two gauges from the keeper's channels. */
    void gauges(Iterable<KeptChannel> channels) {
        int open = 0;
        int topics = 0;
        for (KeptChannel channel : channels) {
            if (channel.socket != null) {
                open++;
                topics += channel.subscribed.size();
            }
        }
        channelsOpen.set(open);
        topicsSubscribed.set(topics);
    }

    void message(Instant at) {
        messagesReceived.incrementAndGet();
        lastMessageAt = at;
    }

    /** Seconds since the last message on any channel of the org; -1 before the first. */
    public double secondsSinceLastMessage(Instant now) {
        Instant last = lastMessageAt;
        return last == null ? -1 : Duration.between(last, now).toMillis() / 1000.0;
    }
}

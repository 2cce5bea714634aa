package io.github.genesysqueuefeed.push;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ChannelKeeper}'s look at one open channel on each pass: no frame for the heartbeat timeout takes the
 * socket for dead, half of it sends one ping (a pong proves it alive first), and a channel that expires within
 * {@code renewBefore} is marked for make-before-break replacement. Decides only; {@link ChannelAttempts} acts.
 */
final class ChannelWatch {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelKeeper.class);

    private final String org;
    private final ChannelSettings settings;
    private final PushStats stats;

    ChannelWatch(String org, ChannelSettings settings, PushStats stats) {
        this.org = org;
        this.settings = settings;
        this.stats = stats;
    }

    void watch(KeptChannel slot, Instant now) {
        ChannelSocket socket = slot.socket;
        if (socket == null || slot.pending != null) {
            return;
        }
        Duration silent = Duration.between(socket.lastMessageAt(), now);
        if (silent.compareTo(settings.heartbeatTimeout()) >= 0) {
            LOG.warn("org '{}': push channel {} silent for {} s (no heartbeat): reconnecting", org, slot.index,
                    silent.toSeconds());
            socket.abort();
            slot.socket = null;
            slot.reconnect(ReconnectReason.HEARTBEAT_TIMEOUT, stats);
            return;
        }
        if (silent.compareTo(settings.heartbeatTimeout().dividedBy(2)) >= 0
                && socket.lastPingAt().isBefore(socket.lastMessageAt())) {
            socket.ping(); // once per silence: a pong proves the socket alive before the watchdog gives up on it
        }
        if (!now.isBefore(slot.channel.expires().minus(settings.renewBefore()))) {
            LOG.info("org '{}': push channel {} expires at {}: replacing it", org, slot.index, slot.channel.expires());
            slot.reconnect(ReconnectReason.EXPIRY, stats);
        }
    }
}

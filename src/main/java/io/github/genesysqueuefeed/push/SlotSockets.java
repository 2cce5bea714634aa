package io.github.genesysqueuefeed.push;

import io.github.genesysqueuefeed.genesys.GenesysHttp;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a {@link KeptChannel}'s socket and routes what it says: heartbeats counted, {@code socket_closing} marks the
 * channel for replacement, notifications go to the {@link FrameListener}, a drop schedules the reopen after its
 * back-off. Frames are handled on the socket's thread without the keeper's lock (they flow while a subscription
 * call waits); changes to the channel go through {@code later}, which runs them one at a time with the passes.
 */
final class SlotSockets implements KeptChannel.Opener {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelKeeper.class);

    private final String org;
    private final GenesysHttp http;
    private final ChannelSettings settings;
    private final Clock clock;
    private final PushStats stats;
    private final FrameClassifier classifier;
    private final FrameListener frames;
    private final Consumer<Runnable> later;
    private final BooleanSupplier running;

    SlotSockets(String org, GenesysHttp http, ChannelSettings settings, Clock clock, PushStats stats,
                FrameClassifier classifier, FrameListener frames, Consumer<Runnable> later, BooleanSupplier running) {
        this.org = org;
        this.http = http;
        this.settings = settings;
        this.clock = clock;
        this.stats = stats;
        this.classifier = classifier;
        this.frames = frames;
        this.later = later;
        this.running = running;
    }

    @Override
    public ChannelSocket open(KeptChannel slot, NotificationChannel channel) throws Exception {
        ChannelSocket socket = ChannelSocket.open(http, channel, settings.connectTimeout(), settings.maxMessageChars(),
                clock, stats, new ChannelSocket.Events() {
                    @Override
                    public void onText(ChannelSocket from, String message) {
                        received(slot, from, message);
                    }

                    @Override
                    public void onClosed(ChannelSocket from, String why) {
                        dropped(slot, from, why);
                    }
                });
        if (!running.getAsBoolean()) {
            socket.abort();
            throw new InterruptedException("stopping");
        }
        return socket;
    }

    private void received(KeptChannel slot, ChannelSocket from, String message) {
        stats.message(clock.instant());
        FrameKind kind;
        try {
            kind = classifier.classify(message);
        } catch (RuntimeException e) {
            kind = FrameKind.OTHER;
        }
        switch (kind) {
            case HEARTBEAT -> stats.heartbeats.incrementAndGet();
            case SOCKET_CLOSING -> later.accept(() -> {
                if (slot.socket == from && slot.pending == null) {
                    LOG.info("org '{}': push channel {}: Genesys announced socket_closing: replacing it", org, slot.index);
                    slot.reconnect(ReconnectReason.SOCKET_CLOSING, stats);
                }
            });
            case OTHER -> {
                stats.notificationsReceived.incrementAndGet();
                try {
                    frames.onFrame(from.channelId(), message);
                } catch (RuntimeException e) {
                    LOG.warn("org '{}': push channel {}: a notification could not be handled: {}", org, slot.index,
                            e.toString());
                }
            }
        }
    }

    private void dropped(KeptChannel slot, ChannelSocket from, String why) {
        later.accept(() -> {
            if (slot.socket != from) {
                return; // an old socket, already replaced
            }
            LOG.warn("org '{}': push channel {}: socket {}", org, slot.index, why);
            slot.socket = null;
            // before it is counted: tests move the clock then
            slot.nextAttemptAt = clock.instant().plus(ReconnectBackoff.delay(1, settings));
            if (slot.pending == null) {
                slot.reconnect(ReconnectReason.DROPPED, stats);
            }
        });
    }
}

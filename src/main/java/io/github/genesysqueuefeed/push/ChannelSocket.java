package io.github.genesysqueuefeed.push;

import io.github.genesysqueuefeed.genesys.GenesysHttp;
import java.io.IOException;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The websocket of one notification channel, on the JDK's {@link WebSocket} from the feed's one HTTP client (its
 * egress proxy and TLS), without Authorization: the channel id in the URI is the credential. Reassembles a text
 * message from its partial frames up to {@code maxMessageChars} (a longer one closes the socket: a runaway message
 * must not grow the heap), reads one message at a time, and tells its owner once when the socket ends by itself.
 *
 * <p>Hand-written on the JDK client rather than camel-vertx-websocket or another library: it must share
 * {@link GenesysHttp}'s client and proxy settings, and the JDK client is already the one every Genesys call uses.
 *
 * Why this is long: the JDK listener's partial-frame reassembly, demand and close handling share the socket's
 * state (the message buffer, the ended flag) and belong together; the opening and closing around them are short.
 */
public final class ChannelSocket {

    /** What the socket reports; called on the websocket's thread. */
    public interface Events {
        void onText(ChannelSocket socket, String message);

        /** The socket ended without {@link #close}/{@link #abort} being called: dropped, failed, or oversized. */
        void onClosed(ChannelSocket socket, String why);
    }

    private static final String PING = "{\"message\":\"ping\"}";

    private final String channelId;
    private final int maxMessageChars;
    private final Clock clock;
    private final PushStats stats;
    private final Events events;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final StringBuilder message = new StringBuilder();
    private volatile WebSocket socket;
    private volatile Instant lastMessageAt;
    private volatile Instant lastPingAt = Instant.MIN;

    private ChannelSocket(String channelId, int maxMessageChars, Clock clock, PushStats stats, Events events) {
        this.channelId = channelId;
        this.maxMessageChars = maxMessageChars;
        this.clock = clock;
        this.stats = stats;
        this.events = events;
        this.lastMessageAt = clock.instant();
    }

    /**
     * Opens the channel's socket; returns once the opening handshake succeeded.
     *
     * @throws IOException when the handshake failed or took longer than {@code connectTimeout} (the message never
     *                     contains the connectUri)
     */
    public static ChannelSocket open(GenesysHttp http, NotificationChannel channel, Duration connectTimeout,
                                     int maxMessageChars, Clock clock, PushStats stats, Events events)
            throws IOException, InterruptedException {
        ChannelSocket channelSocket = new ChannelSocket(channel.id(), maxMessageChars, clock, stats, events);
        CompletableFuture<WebSocket> opening = http.newWebSocketBuilder().connectTimeout(connectTimeout)
                .buildAsync(channel.connectUri(), channelSocket.new Reader());
        try {
            channelSocket.socket = opening.get(connectTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return channelSocket;
        } catch (TimeoutException e) {
            opening.cancel(true);
            throw new IOException("websocket not open within " + connectTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            opening.cancel(true);
            opening.thenAccept(WebSocket::abort);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("websocket handshake failed: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage().replace(channel.id(), "<channel>")));
        }
    }

    public String channelId() {
        return channelId;
    }

    /** When the last message arrived (the opening counts as one). */
    public Instant lastMessageAt() {
        return lastMessageAt;
    }

    public Instant lastPingAt() {
        return lastPingAt;
    }

    /** Asks Genesys for a {@code pong} (a {@code channel.metadata} message): proves a quiet socket alive. */
    public void ping() {
        lastPingAt = clock.instant();
        WebSocket open = socket;
        if (open != null && !open.isOutputClosed()) {
            open.sendText(PING, true);
        }
    }

    /** Closes politely (close frame, then the connection); no {@link Events#onClosed} follows. */
    public void close(String reason) {
        ended.set(true);
        WebSocket open = socket;
        if (open != null) {
            if (open.isOutputClosed()) {
                open.abort();
            } else {
                open.sendClose(WebSocket.NORMAL_CLOSURE, reason).orTimeout(2, TimeUnit.SECONDS)
                        .whenComplete((ws, failure) -> open.abort());
            }
        }
    }

    /** Drops the connection at once (a dead socket, stopping); no {@link Events#onClosed} follows. */
    public void abort() {
        ended.set(true);
        WebSocket open = socket;
        if (open != null) {
            open.abort();
        }
    }

    private void ended(String why) {
        if (ended.compareAndSet(false, true)) {
            events.onClosed(this, why);
        }
    }

    /** Reads one message at a time; runs on the HTTP client's threads. */
    private final class Reader implements WebSocket.Listener {

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (ended.get()) {
                return null;
            }
            if (message.length() + data.length() > maxMessageChars) {
                message.setLength(0);
                stats.oversizedFrames.incrementAndGet();
                String why = "a message longer than " + maxMessageChars + " characters";
                webSocket.sendClose(1009, "message too big").orTimeout(2, TimeUnit.SECONDS)
                        .whenComplete((ws, failure) -> webSocket.abort());
                ended(why);
                return null;
            }
            message.append(data);
            if (last) {
                String whole = message.toString();
                message.setLength(0);
                lastMessageAt = clock.instant();
                events.onText(ChannelSocket.this, whole);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ended("closed by the server (" + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ended("failed: " + error.getClass().getSimpleName()
                    + (error.getMessage() == null ? "" : ": " + error.getMessage().replace(channelId, "<channel>")));
        }
    }
}

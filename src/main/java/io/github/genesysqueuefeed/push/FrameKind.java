package io.github.genesysqueuefeed.push;

/** What a channel's text frame means for the channel's lifecycle; everything else is the feed's business. */
public enum FrameKind {
    /** {@code channel.metadata}: the ~30 s "WebSocket Heartbeat", or the answer to a ping. Proves the socket alive. */
    HEARTBEAT,
    /** {@code v2.system.socket_closing}: Genesys will close this socket soon; replace the channel first. */
    SOCKET_CLOSING,
    /** Anything else (observations, unknown topics, malformed text): delivered to the {@link FrameListener}. */
    OTHER
}

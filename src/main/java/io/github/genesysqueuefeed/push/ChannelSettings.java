package io.github.genesysqueuefeed.push;

import java.time.Duration;

/**
 * How the {@link ChannelKeeper} keeps its channels up.
 *
 * @param heartbeatTimeout   no frame at all for this long: the socket is dead (Genesys beats every ~30 s)
 * @param renewBefore        a channel is replaced this long before its {@code expires}
 * @param backoffMin         first wait after a dropped socket or failed attempt
 * @param backoffMax         cap of the doubling wait
 * @param maxFailedAttempts  this many failed attempts in a row on one channel: push is given up (the feed polls)
 * @param connectTimeout     websocket opening handshake deadline
 * @param maxMessageChars    a text message (all its partial frames) longer than this closes the socket
 * @param topicsPerChannel   Genesys' limit, 1,000
 * @param maxChannels        Genesys' limit per client, 20
 * @param tickPeriod         how often heartbeats, renewals and due retries are checked
 */
public record ChannelSettings(Duration heartbeatTimeout, Duration renewBefore, Duration backoffMin, Duration backoffMax,
                              int maxFailedAttempts, Duration connectTimeout, int maxMessageChars, int topicsPerChannel,
                              int maxChannels, Duration tickPeriod) {

    public static final int GENESYS_TOPICS_PER_CHANNEL = 1000;
    public static final int GENESYS_CHANNELS_PER_CLIENT = 20;

    /** 60 s heartbeat timeout, renewal 1 h before expiry, back-off 1 s .. 60 s, 6 attempts, 1 Mi characters. */
    public static ChannelSettings defaults() {
        return new ChannelSettings(Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofSeconds(1),
                Duration.ofSeconds(60), 6, Duration.ofSeconds(10), 1 << 20, GENESYS_TOPICS_PER_CHANNEL,
                GENESYS_CHANNELS_PER_CLIENT, Duration.ofSeconds(1));
    }

    public ChannelSettings withHeartbeatTimeout(Duration timeout) {
        return new ChannelSettings(timeout, renewBefore, backoffMin, backoffMax, maxFailedAttempts, connectTimeout,
                maxMessageChars, topicsPerChannel, maxChannels, tickPeriod);
    }
}

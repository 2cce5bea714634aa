package io.github.genesysqueuefeed.push;

import io.github.genesysqueuefeed.genesys.ObservationResponse.Result;
import java.time.Instant;
import java.util.Map;

/**
 * What one text frame of a Genesys notification websocket says, as {@link NotificationParser} reads it. Every
 * frame becomes exactly one of these; bad input is a {@link Malformed} with the reason, never an exception.
 */
public sealed interface NotificationMessage {

    /** {@code channel.metadata}: the periodic "WebSocket Heartbeat", or {@code pong} answering our ping. */
    record Heartbeat(String message) implements NotificationMessage {
        public boolean pong() {
            return "pong".equalsIgnoreCase(message);
        }
    }

    /** {@code v2.system.socket_closing}: Genesys is about to close this socket; move to a new channel first. */
    record SocketClosing(String message) implements NotificationMessage {
    }

    /**
     * {@code v2.analytics.queues.{queueId}.observations}: the current numbers of one group of one queue. Counts
     * are plausible (checked like the poller checks them); a metric the group does not mention is 0.
     *
     * @param mediaType     the group's media type; null for the group of user metrics (agents)
     * @param intervalStart the start of the message's interval; null when Genesys sent none
     * @param counts        count per metric, keyed {@code metric} or {@code metric:qualifier} (oOnQueueUsers:IDLE);
     *                      timestamp-valued metrics (oLongestWaiting) are not in it
     * @param group         the group as an observations query result, what the shared extraction reads
     */
    record QueueObservation(String queueId, String mediaType, Instant intervalStart, Map<String, Long> counts,
                            Result group) implements NotificationMessage {
    }

    /** A well-formed message on a topic the feed does not handle (the text is cleaned and shortened). */
    record Unknown(String topicName) implements NotificationMessage {
    }

    /** A frame that cannot be believed: not JSON, too large, too deep, wrong shape or implausible numbers. */
    record Malformed(String reason) implements NotificationMessage {
    }
}

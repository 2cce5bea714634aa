package io.github.genesysqueuefeed.push;

import io.github.genesysqueuefeed.event.QueueStatusEvent;
import java.time.Instant;
import java.util.List;

/**
 * Where {@link PushFeed} hands what notifications produced: the wiring puts events on the same path as a snapshot's
 * (on-change, sequence, alerts, Kafka) and malformed frames on the dead-letter topic. Called on the org's one frame
 * thread, in the order the notifications arrived; may block briefly (frames queue up behind it, bounded).
 */
public interface EventSink {

    /**
     * Events ({@code source} push) computed from one notification.
     *
     * @param receivedAt when the notification's frame arrived: the start of the change-to-publish latency
     */
    void publish(String org, List<QueueStatusEvent> events, Instant receivedAt);

    /**
     * A frame that could not be believed (malformed, implausible numbers): a dead letter. The frame is cut to
     * {@link PushFeed#MAX_DEAD_LETTER_FRAME_CHARS} characters; the channel id (the channel's credential) is never
     * given.
     */
    void onMalformed(String org, String reason, String frame);
}

package io.github.genesysqueuefeed.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The websocket thread's cheap look at a frame: only the top-level topicName counts. */
class FrameKindsTest {

    private final FrameKinds kinds = new FrameKinds();

    @Test
    void lifecycleTopicsAreKnownByTheTopLevelTopicNameOnly() {
        assertEquals(FrameKind.HEARTBEAT, kinds.classify(
                "{\"eventBody\":{\"message\":\"WebSocket Heartbeat\",\"x\":[1,{\"a\":2}]},\"topicName\":\"channel.metadata\"}"));
        assertEquals(FrameKind.SOCKET_CLOSING, kinds.classify(
                "{\"topicName\":\"v2.system.socket_closing\",\"eventBody\":{\"message\":\"Socket closing\"}}"));
        assertEquals(FrameKind.OTHER, kinds.classify(
                "{\"topicName\":\"v2.analytics.queues.q1.observations\",\"eventBody\":{\"topicName\":\"channel.metadata\"}}"));
        assertEquals(FrameKind.OTHER, kinds.classify("{\"eventBody\":{\"topicName\":\"channel.metadata\"}}"));
        // read only up to the topic: a lifecycle frame cut after it still proves the socket alive
        assertEquals(FrameKind.HEARTBEAT, kinds.classify("{\"topicName\":\"channel.metadata\""));
        assertEquals(FrameKind.OTHER, kinds.classify("{\"topicName\":7,\"eventBody\":{}}"));
        assertEquals(FrameKind.OTHER, kinds.classify("not json"));
        assertEquals(FrameKind.OTHER, kinds.classify("[\"channel.metadata\"]"));
        assertEquals(FrameKind.OTHER, kinds.classify(null));
    }
}

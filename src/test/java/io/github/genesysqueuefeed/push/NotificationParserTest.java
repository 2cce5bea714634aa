package io.github.genesysqueuefeed.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.event.Json;
import io.github.genesysqueuefeed.push.NotificationMessage.Heartbeat;
import io.github.genesysqueuefeed.push.NotificationMessage.Malformed;
import io.github.genesysqueuefeed.push.NotificationMessage.QueueObservation;
import io.github.genesysqueuefeed.push.NotificationMessage.SocketClosing;
import io.github.genesysqueuefeed.push.NotificationMessage.Unknown;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Frames shaped as Genesys documents its notification topics, and the bad ones a socket may still deliver. */
class NotificationParserTest {

    private static final String Q = "1f3c2d6e-0000-4000-8000-000000000001";
    private final NotificationParser parser = new NotificationParser(Json.mapper(), "emea", 4096);

    static String observation(String queueId, String group, String metrics) {
        return "{\"topicName\":\"v2.analytics.queues." + queueId + ".observations\",\"version\":\"2\","
                + "\"eventBody\":{\"group\":" + group + ",\"data\":[{\"interval\":"
                + "\"2026-11-25T09:58:00.000Z/2026-11-25T09:58:01.000Z\",\"metrics\":[" + metrics + "]}]},"
                + "\"metadata\":{\"CorrelationId\":\"c-1\"}}";
    }

    @Test
    void heartbeatPongAndSocketClosing() {
        Heartbeat beat = assertInstanceOf(Heartbeat.class, parser.parse(
                "{\"topicName\":\"channel.metadata\",\"eventBody\":{\"message\":\"WebSocket Heartbeat\"}}"));
        assertEquals("WebSocket Heartbeat", beat.message());
        assertFalse(beat.pong());
        assertTrue(assertInstanceOf(Heartbeat.class, parser.parse(
                "{\"topicName\":\"channel.metadata\",\"eventBody\":{\"message\":\"pong\"}}")).pong());
        assertEquals(new SocketClosing("Socket closing"), parser.parse(
                "{\"topicName\":\"v2.system.socket_closing\",\"eventBody\":{\"message\":\"Socket closing\"}}"));
        assertEquals(new Unknown("v2.users.u1.presence"), parser.parse(
                "{\"topicName\":\"v2.users.u1.presence\",\"eventBody\":{}}"));
    }

    @Test
    void conversationGroupAndUserGroup() {
        QueueObservation voice = assertInstanceOf(QueueObservation.class, parser.parse(observation(Q,
                "{\"queueId\":\"" + Q + "\",\"mediaType\":\"voice\"}",
                "{\"metric\":\"oWaiting\",\"stats\":{\"count\":4}},{\"metric\":\"oInteracting\",\"stats\":{\"count\":7}}")));
        assertEquals(Q, voice.queueId());
        assertEquals("voice", voice.mediaType());
        assertEquals(Instant.parse("2026-11-25T09:58:00Z"), voice.intervalStart());
        assertEquals(Map.of("oWaiting", 4L, "oInteracting", 7L), voice.counts());
        assertEquals(Map.of("queueId", Q, "mediaType", "voice"), voice.group().group());

        QueueObservation users = assertInstanceOf(QueueObservation.class, parser.parse(observation(Q,
                "{\"queueId\":\"" + Q + "\"}",
                "{\"metric\":\"oOnQueueUsers\",\"qualifier\":\"IDLE\",\"stats\":{\"count\":3}},"
                        + "{\"metric\":\"oMemberUsers\",\"stats\":{\"count\":25.0}},"
                        + "{\"metric\":\"oLongestWaiting\",\"stats\":{\"min\":1764064500000}}")));
        assertNull(users.mediaType());
        assertEquals(Map.of("oOnQueueUsers:IDLE", 3L, "oMemberUsers", 25L), users.counts());
    }

    @Test
    void implausibleCountsAreRejectedWithThePollersReasons() {
        String group = "{\"queueId\":\"" + Q + "\",\"mediaType\":\"voice\"}";
        assertEquals(new Malformed("org 'emea': queue " + Q + ": oWaiting (voice) count -1 is negative; "
                + "the queue's numbers are not published this snapshot"), parser.parse(observation(Q, group,
                "{\"metric\":\"oWaiting\",\"stats\":{\"count\":-1}}")));
        assertTrue(reason(observation(Q, group, "{\"metric\":\"oWaiting\",\"stats\":{\"count\":2.5}}"))
                .contains("oWaiting (voice) count 2.5 is not a whole number"));
        assertTrue(reason(observation(Q, group, "{\"metric\":\"oWaiting\",\"stats\":{\"count\":1000001}}"))
                .contains("oWaiting (voice) count 1000001 is above the ceiling of 1000000"));
        assertTrue(reason(observation(Q, group, "{\"metric\":\"oWaiting\",\"stats\":{\"count\":\"4\"}}"))
                .contains("is not a number"));
        assertTrue(reason(observation(Q, group, "{\"metric\":\"oWaiting\",\"stats\":{\"count\":1}},"
                + "{\"metric\":\"oWaiting\",\"stats\":{\"count\":1}}")).contains("appears twice"));
    }

    @Test
    void badFramesAreMalformedNeverThrown() {
        assertEquals("a null frame", reason(null));
        assertEquals("a frame of 4097 characters, over the cap of 4096", reason("x".repeat(4097)));
        assertTrue(reason("{\"topicName\":").startsWith("not JSON"));
        assertTrue(reason("[1]".repeat(1)).startsWith("not a JSON object"));
        assertEquals("no topicName", reason("{\"eventBody\":{}}"));
        assertTrue(reason("{\"topicName\":\"x\",\"a\":" + "[".repeat(40) + "]".repeat(40) + "}")
                .startsWith("not JSON"), "nesting deeper than the bound");
        assertTrue(reason(observation("a.b", "{}", "")).contains("does not name a queue id"));
        assertTrue(reason(observation(Q, "{\"queueId\":\"other\"}", "")).contains("for the group of queue other"));
        assertTrue(reason(observation(Q, "{\"queueId\":\"" + Q + "\",\"mediaType\":3}", ""))
                .contains("mediaType that is not a name"));
        assertTrue(reason(observation(Q, "{\"queueId\":\"" + Q + "\"}", "{\"stats\":{\"count\":1}}"))
                .contains("a metric without a name"));
        NotificationMessage tooMany = new NotificationParser(Json.mapper(), "emea").parse(observation(Q,
                "{\"queueId\":\"" + Q + "\"}", "{\"metric\":\"oWaiting\"},".repeat(1001).replaceAll(",$", "")));
        assertTrue(assertInstanceOf(Malformed.class, tooMany).reason().contains("at most 1000"));
        assertTrue(reason("{\"topicName\":\"v2.analytics.queues." + Q + ".observations\",\"eventBody\":{\"group\":{},"
                + "\"data\":[{\"interval\":\"yesterday\",\"metrics\":[]}]}}").contains("not start/end in ISO-8601"));
        Unknown forged = assertInstanceOf(Unknown.class, parser.parse("{\"topicName\":\"a\\nFAKE LOG LINE\"}"));
        assertEquals("a?FAKE LOG LINE", forged.topicName());
    }

    @Test
    void theLatestIntervalIsTheStateAndNoMetricsMeansZeros() {
        String frame = "{\"topicName\":\"v2.analytics.queues." + Q + ".observations\",\"eventBody\":{\"group\":"
                + "{\"queueId\":\"" + Q + "\",\"mediaType\":\"chat\"},\"data\":["
                + "{\"interval\":\"2026-11-25T09:58:01.000Z/2026-11-25T09:58:02.000Z\",\"metrics\":"
                + "[{\"metric\":\"oWaiting\",\"stats\":{\"count\":2}}]},"
                + "{\"interval\":\"2026-11-25T09:58:00.000Z/2026-11-25T09:58:01.000Z\",\"metrics\":"
                + "[{\"metric\":\"oWaiting\",\"stats\":{\"count\":9}}]}]}}";
        QueueObservation chat = assertInstanceOf(QueueObservation.class, parser.parse(frame));
        assertEquals(Map.of("oWaiting", 2L), chat.counts());
        assertEquals(Instant.parse("2026-11-25T09:58:01Z"), chat.intervalStart());

        QueueObservation empty = assertInstanceOf(QueueObservation.class, parser.parse(
                "{\"topicName\":\"v2.analytics.queues." + Q + ".observations\",\"eventBody\":{\"group\":"
                        + "{\"queueId\":\"" + Q + "\",\"mediaType\":\"chat\"},\"data\":[]}}"));
        assertEquals(Map.of(), empty.counts());
        assertNull(empty.intervalStart());
    }

    private String reason(String frame) {
        return assertInstanceOf(Malformed.class, parser.parse(frame)).reason();
    }
}

package io.github.genesysqueuefeed.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.event.Json;
import io.github.genesysqueuefeed.event.QueueStatusEvent;
import io.github.genesysqueuefeed.event.QueueStatusEvent.Agents;
import io.github.genesysqueuefeed.event.QueueStatusEvent.Division;
import io.github.genesysqueuefeed.event.QueueStatusEvent.MediaCounts;
import io.github.genesysqueuefeed.genesys.ImplausibleNumbersException;
import io.github.genesysqueuefeed.genesys.ObservationResponse;
import io.github.genesysqueuefeed.genesys.QueueRef;
import io.github.genesysqueuefeed.genesys.QueueStatusExtractor;
import io.github.genesysqueuefeed.push.NotificationMessage.QueueObservation;
import io.github.genesysqueuefeed.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Notifications merged per group give exactly the event the poller computes from the same numbers. */
class QueueObservationStateTest {

    private static final ObjectMapper JSON = Json.mapper();
    private static final String Q = "1f3c2d6e-0000-4000-8000-000000000001";
    private static final String OTHER = "1f3c2d6e-0000-4000-8000-000000000002";
    private static final QueueRef SUPPORT = new QueueRef(Q, "Support", new Division("d1", "Home"));
    private static final Instant NOW = Instant.parse("2026-11-25T09:58:02.417Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final NotificationParser parser = new NotificationParser(JSON, "default");
    private final QueueObservationState state = new QueueObservationState("default",
            id -> Map.of(Q, SUPPORT, OTHER, new QueueRef(OTHER, null)).get(id), clock);

    private QueueObservation push(String queueId, String mediaType, String metrics) {
        String group = "{\"queueId\":\"" + queueId + "\"" + (mediaType == null ? "" : ",\"mediaType\":\"" + mediaType + "\"") + "}";
        return assertInstanceOf(QueueObservation.class,
                parser.parse(NotificationParserTest.observation(queueId, group, metrics)));
    }

    private static String count(String metric, String qualifier, long count) {
        return "{\"metric\":\"" + metric + "\"" + (qualifier == null ? "" : ",\"qualifier\":\"" + qualifier + "\"")
                + ",\"stats\":{\"count\":" + count + "}}";
    }

    @Test
    void aPushSequenceGivesThePollersEventForTheSameNumbers() throws Exception {
        state.apply(push(Q, "voice", count("oWaiting", null, 4) + "," + count("oInteracting", null, 6)));
        state.apply(push(Q, "chat", count("oWaiting", null, 1)));
        state.apply(push(Q, "voice", count("oWaiting", null, 2))); // oInteracting omitted: now 0
        QueueStatusEvent pushed = state.apply(push(Q, null, count("oOnQueueUsers", "IDLE", 3) + ","
                + count("oOnQueueUsers", "INTERACTING", 5) + "," + count("oMemberUsers", null, 25))).orElseThrow();

        String pollResponse = "{\"results\":["
                + "{\"group\":{\"queueId\":\"" + Q + "\",\"mediaType\":\"voice\"},\"data\":[" + count("oWaiting", null, 2) + "]},"
                + "{\"group\":{\"queueId\":\"" + Q + "\",\"mediaType\":\"chat\"},\"data\":[" + count("oWaiting", null, 1) + "]},"
                + "{\"group\":{\"queueId\":\"" + Q + "\"},\"data\":[" + count("oOnQueueUsers", "IDLE", 3) + ","
                + count("oOnQueueUsers", "INTERACTING", 5) + "," + count("oMemberUsers", null, 25) + "]}]}";
        QueueStatusEvent polled = QueueStatusExtractor.extract("default", List.of(SUPPORT),
                JSON.readValue(pollResponse, ObservationResponse.class), NOW).events().get(0);

        assertEquals("push", pushed.source());
        assertEquals("poll", polled.source());
        assertEquals(polled.withSource(null).withSequence(null), pushed.withSource(null).withSequence(null));
        // and field by field, so a failure says which
        assertEquals(new QueueStatusEvent("queue.status", 1, "default", Q, "Support", "2026-11-25T09:58:02.417Z",
                3, 0, 0, null, new Agents(8, 3, 5, 0, 0, 25, 0),
                Map.of("voice", new MediaCounts(2, 0, 0), "chat", new MediaCounts(1, 0, 0)),
                new Division("d1", "Home"), null, "push"), pushed);
        assertEquals(JSON.readTree(JSON.writeValueAsString(polled.withSource("push"))),
                JSON.readTree(JSON.writeValueAsString(pushed)), "the same JSON but for source");
    }

    @Test
    void aReconcileResetsEveryQueueAndForgetsTheOthers() throws Exception {
        state.apply(push(Q, "voice", count("oWaiting", null, 4)));
        state.apply(push(OTHER, "voice", count("oWaiting", null, 9)));
        ObservationResponse reconcile = JSON.readValue("{\"results\":[{\"group\":{\"queueId\":\"" + Q
                + "\",\"mediaType\":\"email\"},\"data\":[" + count("oWaiting", null, 7) + "]}]}", ObservationResponse.class);

        state.replaceAll(QueueObservationState.groupsByQueue(List.of(Q), reconcile));

        assertEquals(Set.of(Q), state.queueIds());
        QueueStatusEvent afterChat = state.apply(push(Q, "chat", count("oWaiting", null, 1))).orElseThrow();
        assertEquals(Map.of("email", new MediaCounts(7, 0, 0), "chat", new MediaCounts(1, 0, 0)),
                afterChat.byMediaType(), "voice is gone: the reconcile did not report it");
        assertEquals(8, afterChat.waiting());
        QueueStatusEvent other = state.apply(push(OTHER, "chat", count("oWaiting", null, 2))).orElseThrow();
        assertEquals(2, other.waiting(), "the forgotten queue starts from zeros, not from its old voice 9");

        state.forget(Q);
        assertEquals(Set.of(OTHER), state.queueIds());
        state.replace(Q, List.of());
        assertEquals(0, state.apply(push(Q, "voice", count("oAlerting", null, 1))).orElseThrow().waiting());
    }

    @Test
    void aQueueOutsideTheDirectoryGivesNoEventAndNoState() {
        assertTrue(state.apply(push("not-fed", "voice", count("oWaiting", null, 1))).isEmpty());
        assertEquals(Set.of(), state.queueIds());
    }

    @Test
    void totalsAboveTheCeilingAreRejectedAndTheStateStays() {
        state.apply(push(Q, "voice", count("oWaiting", null, 600_000)));
        ImplausibleNumbersException e = assertThrows(ImplausibleNumbersException.class,
                () -> state.apply(push(Q, "chat", count("oWaiting", null, 500_000))));
        assertEquals(Q, e.queueId());
        assertTrue(e.getMessage().contains("waiting sums to 1100000, above the ceiling of 1000000"), e.getMessage());
        assertEquals(600_001, state.apply(push(Q, "email", count("oWaiting", null, 1))).orElseThrow().waiting(),
                "the rejected chat group was not kept");
    }

    @Test
    void waitingSinceIsKeptWhileTheCountDoesNotDrop() throws Exception {
        ObservationResponse poll = JSON.readValue("{\"results\":[{\"group\":{\"queueId\":\"" + Q
                + "\",\"mediaType\":\"voice\"},\"data\":[{\"metric\":\"oWaiting\",\"stats\":{\"count\":2},"
                + "\"observations\":[{\"observationDate\":\"2026-11-25T09:55:31.000Z\"},"
                + "{\"observationDate\":\"2026-11-25T09:57:00.000Z\"}]}]}]}", ObservationResponse.class);
        state.replaceAll(QueueObservationState.groupsByQueue(List.of(Q), poll));
        clock.advance(Duration.ofSeconds(1));

        assertEquals("2026-11-25T09:55:31.000Z", state.apply(push(Q, "voice", count("oWaiting", null, 3)))
                .orElseThrow().oldestWaitingSince(), "3 waiting: the oldest still waits");
        assertNull(state.apply(push(Q, "voice", count("oWaiting", null, 2))).orElseThrow().oldestWaitingSince(),
                "the count dropped: the oldest may have been answered, unknown until told");
        assertEquals("2026-11-25T09:50:00.000Z", state.apply(push(Q, "voice", count("oWaiting", null, 2) + ","
                + "{\"metric\":\"oLongestWaiting\",\"stats\":{\"min\":" + Instant.parse("2026-11-25T09:50:00Z").toEpochMilli()
                + "}}")).orElseThrow().oldestWaitingSince(), "a message that carries it wins");
    }
}

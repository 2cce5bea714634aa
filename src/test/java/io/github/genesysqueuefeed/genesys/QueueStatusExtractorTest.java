package io.github.genesysqueuefeed.genesys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.event.Json;
import io.github.genesysqueuefeed.event.QueueStatusEvent;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The extractor against a response shaped like a real multi-media org. The expected events in
 * fixtures/expected-events.json were computed by hand from fixtures/observations-multimedia.json, so the
 * test checks the mapping of README.md's queue-status field table itself, not whatever the code happens to produce.
 */
class QueueStatusExtractorTest {

    private static final ObjectMapper JSON = Json.mapper();
    // a whole second on purpose: the event must still carry ".000"
    private static final Instant OBSERVED_AT = Instant.parse("2026-11-25T09:58:02Z");
    private static final Pattern MILLIS_UTC = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

    private static final String SUPPORT = "8d4f1e2a-6b3c-4d5e-9f10-1a2b3c4d5e6f";   // voice + chat + email
    private static final String BILLING = "2b7e9c41-3a5d-4f68-8c12-7d9e0f1a2b3c";   // oLongestWaiting, metrics missing
    private static final String SALES = "5c0a8d73-1e4b-4a29-b6f5-3e8d2c1b0a94";     // absent from results
    private static final String HOME_DIVISION = "b1c2d3e4-0000-4000-8000-000000000001";
    private static final String NOT_REQUESTED = "9e6d5c4b-3a21-4f0e-8d7c-6b5a49382716";

    private static final List<QueueRef> REQUESTED = List.of(
            new QueueRef(SUPPORT, "Support", new QueueStatusEvent.Division(HOME_DIVISION, "Home")),
            new QueueRef(BILLING, "Billing"), new QueueRef(SALES, null));

    @Test
    void multimediaResponseGivesTheHandComputedEvents() throws Exception {
        ObservationResponse response = JSON.readValue(resource("fixtures/observations-multimedia.json"),
                ObservationResponse.class);

        List<QueueStatusEvent> events = QueueStatusExtractor.extract("default", REQUESTED, response, OBSERVED_AT)
                .events();

        JsonNode expected = JSON.readTree(resource("fixtures/expected-events.json"));
        assertEquals(expected.size(), events.size(), "one event per requested queue, none for the unrequested one");
        for (int i = 0; i < events.size(); i++) {
            // through the string, as Kafka sees it: numbers and nulls compare exactly as a consumer parses them
            String serialised = JSON.writeValueAsString(events.get(i));
            assertEquals(expected.get(i), JSON.readTree(serialised), "event " + i + ": " + serialised);
        }
    }

    @Test
    void oldestWaitingSinceFollowsTheContractPerQueue() throws Exception {
        ObservationResponse response = JSON.readValue(resource("fixtures/observations-multimedia.json"),
                ObservationResponse.class);

        List<QueueStatusEvent> events = QueueStatusExtractor.extract("default", REQUESTED, response, OBSERVED_AT)
                .events();

        // no oLongestWaiting: the earliest observationDate over all media groups (email, not the first group),
        // normalised to milliseconds although Genesys sent whole seconds
        assertEquals("2026-11-25T09:12:44.000Z", events.get(0).oldestWaitingSince());
        // oLongestWaiting present: its epoch-ms value, not the (truncated) observation list's 09:52:18.640
        assertEquals("2026-11-25T09:49:07.125Z", events.get(1).oldestWaitingSince());
        // nothing waits: null, not a made-up time
        assertNull(events.get(2).oldestWaitingSince());
        for (QueueStatusEvent event : events) {
            assertTrue(MILLIS_UTC.matcher(event.observedAt()).matches(), event.observedAt());
            if (event.oldestWaitingSince() != null) {
                assertTrue(MILLIS_UTC.matcher(event.oldestWaitingSince()).matches(), event.oldestWaitingSince());
            }
        }
    }

    @Test
    void queueMissingFromResultsStillGetsAnAllZeroEvent() throws Exception {
        ObservationResponse response = JSON.readValue(resource("fixtures/observations-multimedia.json"),
                ObservationResponse.class);

        List<QueueStatusEvent> events = QueueStatusExtractor.extract("default", REQUESTED, response, OBSERVED_AT)
                .events();

        QueueStatusEvent sales = events.get(2);
        assertEquals(SALES, sales.queueId());
        assertEquals(0, sales.waiting());
        assertEquals(new QueueStatusEvent.Agents(0, 0, 0, 0, 0, 0, 0), sales.agents());
        assertNotNull(sales.byMediaType(), "byMediaType is {} for an idle queue, never null");
        assertTrue(sales.byMediaType().isEmpty());
        assertTrue(events.stream().noneMatch(e -> NOT_REQUESTED.equals(e.queueId())));
    }

    @Test
    void waitingZeroMeansNoOldestWaitingEvenWithAStaleLongestWaitingValue() throws Exception {
        // a queue that has just been emptied can still report oLongestWaiting and old observations
        String body = """
                {"results": [{"group": {"queueId": "%s", "mediaType": "voice"},
                  "data": [
                    {"metric": "oWaiting", "stats": {"count": 0},
                     "observations": [{"observationDate": "2026-11-25T09:40:00.000Z"}]},
                    {"metric": "oLongestWaiting", "stats": {"calculatedMetricValue": 1795599000000}}
                  ]}]}
                """.formatted(SALES);

        QueueStatusEvent event = extractOne(body);

        assertEquals(0, event.waiting());
        assertNull(event.oldestWaitingSince());
    }

    @Test
    void longestWaitingCountIsNotMistakenForATimestamp() throws Exception {
        // The SDK models (V2QueueObservationMetricCountData, StatisticalSummary) carry a count next to
        // calculatedMetricValue. A count of 2 read as epoch-ms would say "waiting since 1970".
        String body = """
                {"results": [{"group": {"queueId": "%s", "mediaType": "voice"},
                  "data": [
                    {"metric": "oWaiting", "stats": {"count": 2}},
                    {"metric": "oLongestWaiting", "stats": {"count": 2, "calculatedMetricValue": 1795599000000}}
                  ]}]}
                """.formatted(SALES);

        QueueStatusEvent event = extractOne(body);

        assertEquals("2026-11-25T09:30:00.000Z", event.oldestWaitingSince());
    }

    private static QueueStatusEvent extractOne(String body) throws IOException {
        ObservationResponse response = JSON.readValue(body, ObservationResponse.class);
        List<QueueStatusEvent> events = QueueStatusExtractor.extract("default", List.of(new QueueRef(SALES, "Sales")),
                response, OBSERVED_AT).events();
        assertEquals(1, events.size());
        return events.get(0);
    }

    private static InputStream resource(String name) {
        InputStream in = QueueStatusExtractorTest.class.getClassLoader().getResourceAsStream(name);
        assertNotNull(in, "missing test resource " + name);
        return in;
    }

    @Test
    void metricsTheFeedDidNotAskForAndDataWithoutAMetricAreIgnoredNotRejected() throws Exception {
        ObservationResponse response = JSON.readValue("""
                {"results": [{"group": {"queueId": "%s", "mediaType": "chat"},
                  "data": [{"metric": "oWaiting", "stats": {"count": 2}},
                           {"metric": "oSomethingNew", "stats": {"count": -5}},
                           {"stats": {"count": 9}},
                           {"metric": "oOnQueueUsers", "qualifier": "SOMETHING_NEW", "stats": {"count": 3}}]}]}
                """.formatted(SUPPORT), ObservationResponse.class);

        QueueStatusExtractor.Extraction extraction = QueueStatusExtractor.extract("default",
                List.of(new QueueRef(SUPPORT, "Support")), response, OBSERVED_AT);

        assertEquals(List.of(), extraction.rejected());
        QueueStatusEvent event = extraction.events().get(0);
        assertEquals(2, event.waiting());
        assertEquals(new QueueStatusEvent.Agents(3, 0, 0, 0, 0, 0, 0), event.agents(),
                "an unknown on-queue status counts towards onQueue only");
        assertEquals(2, event.byMediaType().get("chat").waiting());
    }
}

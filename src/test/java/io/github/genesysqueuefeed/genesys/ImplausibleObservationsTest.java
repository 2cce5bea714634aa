package io.github.genesysqueuefeed.genesys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.event.Json;
import io.github.genesysqueuefeed.event.QueueStatusEvent;
import io.github.genesysqueuefeed.genesys.QueueStatusExtractor.Extraction;
import io.github.genesysqueuefeed.genesys.QueueStatusExtractor.RejectedQueue;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Numbers Genesys should never send (issue 11, case 7) and a null element in {@code results} (case 13): a queue with
 * an implausible number is rejected with a reason while the other queue of the batch still gets its event; data that
 * cannot be attributed to a queue rejects the whole answer; implausible timestamps are ignored.
 */
class ImplausibleObservationsTest {

    private static final ObjectMapper JSON = Json.mapper();
    private static final Instant OBSERVED_AT = Instant.parse("2026-11-25T10:00:00Z");
    private static final String BAD = "11111111-0000-4000-8000-000000000001";
    private static final String GOOD = "22222222-0000-4000-8000-000000000002";
    private static final List<QueueRef> BATCH = List.of(new QueueRef(BAD, "Bad"), new QueueRef(GOOD, "Good"));

    /** The bad queue's voice group with the given oWaiting count (JSON text), then a sane group for the good one. */
    private static String withWaitingCount(String count) {
        return """
                {"results": [
                  {"group": {"queueId": "%s", "mediaType": "voice"},
                   "data": [{"metric": "oWaiting", "stats": {"count": %s}}]},
                  {"group": {"queueId": "%s", "mediaType": "voice"},
                   "data": [{"metric": "oWaiting", "stats": {"count": 4}}]}
                ]}""".formatted(BAD, count, GOOD);
    }

    private static Extraction extract(String body) throws Exception {
        return QueueStatusExtractor.extract("default", BATCH, JSON.readValue(body, ObservationResponse.class), OBSERVED_AT);
    }

    /** The bad queue is rejected for {@code problem}; the good one is published as sent. */
    private static RejectedQueue assertOnlyBadRejected(Extraction extraction, String problem) {
        assertEquals(1, extraction.rejected().size(), extraction.toString());
        RejectedQueue rejected = extraction.rejected().get(0);
        assertEquals(BAD, rejected.queue().id());
        assertTrue(rejected.reason().contains(problem), rejected.reason());
        assertTrue(rejected.reason().startsWith("org 'default': queue " + BAD + " (Bad): "), rejected.reason());
        assertEquals(1, extraction.events().size(), "the other queue of the batch still publishes");
        QueueStatusEvent good = extraction.events().get(0);
        assertEquals(GOOD, good.queueId());
        assertEquals(4, good.waiting());
        return rejected;
    }

    @ParameterizedTest(name = "count {0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "-3                     | oWaiting (voice) count -3 is negative",
            "1e23                   | is above the ceiling of 1000000",
            "99999999999999999999   | count 99999999999999999999 is above the ceiling of 1000000",
            "1000001                | count 1000001 is above the ceiling of 1000000",
            "2.5                    | count 2.5 is not a whole number",
            "'\"5\"'                | count \"5\" is not a number",
            "true                   | count true is not a number",
            "'{\"n\": 1}'           | is not a number",
            "'[1]'                  | is not a number",
            "1e400                  | is not a finite number"})
    void anImplausibleCountRejectsOnlyItsQueue(String count, String problem) throws Exception {
        assertOnlyBadRejected(extract(withWaitingCount(count)), problem);
    }

    @Test
    void theCeilingItselfAndAWholeDecimalAreStillPlausible() throws Exception {
        Extraction atCeiling = extract(withWaitingCount("1000000"));
        assertEquals(List.of(), atCeiling.rejected());
        assertEquals(1_000_000, atCeiling.events().get(0).waiting());

        Extraction wholeDecimal = extract(withWaitingCount("7.0"));
        assertEquals(List.of(), wholeDecimal.rejected());
        assertEquals(7, wholeDecimal.events().get(0).waiting());
    }

    @Test
    void aSumAboveTheCeilingRejectsTheQueue() throws Exception {
        String body = """
                {"results": [
                  {"group": {"queueId": "%1$s", "mediaType": "voice"},
                   "data": [{"metric": "oWaiting", "stats": {"count": 600000}}]},
                  {"group": {"queueId": "%1$s", "mediaType": "chat"},
                   "data": [{"metric": "oWaiting", "stats": {"count": 600000}}]},
                  {"group": {"queueId": "%2$s", "mediaType": "voice"},
                   "data": [{"metric": "oWaiting", "stats": {"count": 4}}]}
                ]}""".formatted(BAD, GOOD);

        assertOnlyBadRejected(extract(body), "waiting sums to 1200000, above the ceiling of 1000000");
    }

    @Test
    void aDuplicateGroupRejectsTheQueueInsteadOfDoublingItsCounts() throws Exception {
        String group = """
                  {"group": {"queueId": "%s", "mediaType": "voice"},
                   "data": [{"metric": "oWaiting", "stats": {"count": 3}}]}""".formatted(BAD);
        String body = """
                {"results": [%s, %s,
                  {"group": {"queueId": "%s", "mediaType": "voice"},
                   "data": [{"metric": "oWaiting", "stats": {"count": 4}}]}
                ]}""".formatted(group, group, GOOD);

        RejectedQueue rejected = assertOnlyBadRejected(extract(body),
                "the result group {queueId=" + BAD + ", mediaType=voice} appears twice in the answer");
        assertEquals(2, rejected.results().size(), "both copies go into the dead letter");
        String payload = JSON.writeValueAsString(rejected.results());
        assertTrue(payload.contains("\"count\":3") && !payload.contains("null"), payload);
    }

    @Test
    void aDuplicateUserGroupOrMetricRejectsTheQueue() throws Exception {
        String users = """
                  {"group": {"queueId": "%s"},
                   "data": [{"metric": "oOnQueueUsers", "qualifier": "IDLE", "stats": {"count": 2}}]}""".formatted(BAD);
        String good = """
                  {"group": {"queueId": "%s", "mediaType": "voice"},
                   "data": [{"metric": "oWaiting", "stats": {"count": 4}}]}""".formatted(GOOD);
        assertOnlyBadRejected(extract("{\"results\": [" + users + "," + users + "," + good + "]}"),
                "the result group {queueId=" + BAD + "} appears twice");

        String sameMetricTwice = """
                  {"group": {"queueId": "%s"},
                   "data": [{"metric": "oOnQueueUsers", "qualifier": "IDLE", "stats": {"count": 2}},
                            {"metric": "oOnQueueUsers", "qualifier": "IDLE", "stats": {"count": 2}}]}""".formatted(BAD);
        assertOnlyBadRejected(extract("{\"results\": [" + sameMetricTwice + "," + good + "]}"),
                "oOnQueueUsers qualifier IDLE appears twice in group {queueId=" + BAD + "}");
    }

    @Test
    void theSameMetricWithDifferentQualifiersIsSummedAsBefore() throws Exception {
        String body = """
                {"results": [{"group": {"queueId": "%s"},
                   "data": [{"metric": "oOffQueueUsers", "qualifier": "presence-1", "stats": {"count": 2}},
                            {"metric": "oOffQueueUsers", "qualifier": "presence-2", "stats": {"count": 3}}]}]}
                """.formatted(GOOD);

        Extraction extraction = extract(body);

        assertEquals(List.of(), extraction.rejected());
        assertEquals(5, extraction.events().get(1).agents().offQueue());
    }

    @Test
    void aNullDataEntryRejectsItsQueue() throws Exception {
        String body = """
                {"results": [
                  {"group": {"queueId": "%s", "mediaType": "voice"}, "data": [null]},
                  {"group": {"queueId": "%s", "mediaType": "voice"},
                   "data": [{"metric": "oWaiting", "stats": {"count": 4}}]}
                ]}""".formatted(BAD, GOOD);

        assertOnlyBadRejected(extract(body), "a null entry in the data of group {queueId=" + BAD + ", mediaType=voice}");
    }

    @Test
    void aNullElementInResultsRejectsTheWholeAnswer() {
        String body = """
                {"results": [null,
                  {"group": {"queueId": "%s", "mediaType": "voice"},
                   "data": [{"metric": "oWaiting", "stats": {"count": 4}}]}
                ]}""".formatted(GOOD);

        MalformedObservationsException e = assertThrows(MalformedObservationsException.class, () -> extract(body));
        assertTrue(e.getMessage().contains("results[0] is null"), e.getMessage());
        assertTrue(e.getMessage().contains("no queue of the batch is published"), e.getMessage());
    }

    @Test
    void aGroupWithoutAQueueIdOrAJsonNullAnswerRejectsTheWholeAnswer() {
        String body = """
                {"results": [{"group": {"mediaType": "voice"}, "data": [{"metric": "oWaiting", "stats": {"count": 4}}]}]}""";
        MalformedObservationsException e = assertThrows(MalformedObservationsException.class, () -> extract(body));
        assertTrue(e.getMessage().contains("results[0] has no group.queueId"), e.getMessage());

        assertThrows(MalformedObservationsException.class, () -> extract("null"));
    }

    @ParameterizedTest(name = "oLongestWaiting {0}")
    @CsvSource({
            "1e300",            // saturates to Long.MAX_VALUE as a long
            "946684799000",     // 1999-12-31T23:59:59Z
            "1795611600000",    // 2026-11-25T12:00Z: two hours after the observation
            "2"})               // a count mistaken for a timestamp: 1970
    void anImplausibleLongestWaitingIsIgnoredForTheObservationDates(String epochMillis) throws Exception {
        String body = """
                {"results": [{"group": {"queueId": "%s", "mediaType": "voice"},
                  "data": [
                    {"metric": "oWaiting", "stats": {"count": 1},
                     "observations": [{"observationDate": "2026-11-25T09:55:00.000Z"}]},
                    {"metric": "oLongestWaiting", "stats": {"calculatedMetricValue": %s}}
                  ]}]}""".formatted(GOOD, epochMillis);

        QueueStatusEvent event = extract(body).events().get(1);

        assertEquals("2026-11-25T09:55:00.000Z", event.oldestWaitingSince());
    }

    @ParameterizedTest(name = "observationDate {0}")
    @CsvSource({"1999-12-31T23:59:59Z", "2026-11-25T11:00:01Z", "+100000-01-01T00:00:00Z"})
    void anImplausibleObservationDateIsIgnored(String date) throws Exception {
        String body = """
                {"results": [{"group": {"queueId": "%s", "mediaType": "voice"},
                  "data": [{"metric": "oWaiting", "stats": {"count": 1},
                            "observations": [{"observationDate": "%s"}]}]}]}""".formatted(GOOD, date);

        QueueStatusEvent event = extract(body).events().get(1);

        assertEquals(1, event.waiting(), "the count is still published");
        assertNull(event.oldestWaitingSince(), "no waiting-since rather than an absurd one");
    }

    @Test
    void aClockAFewMinutesAheadIsStillBelieved() throws Exception {
        String body = """
                {"results": [{"group": {"queueId": "%s", "mediaType": "voice"},
                  "data": [{"metric": "oWaiting", "stats": {"count": 1},
                            "observations": [{"observationDate": "2026-11-25T10:03:00Z"}]}]}]}""".formatted(GOOD);

        assertEquals("2026-11-25T10:03:00.000Z", extract(body).events().get(1).oldestWaitingSince());
    }

    @Test
    void controlCharactersInAStringCountDoNotReachTheReason() throws Exception {
        RejectedQueue rejected = assertOnlyBadRejected(extract(withWaitingCount("\"1\\n2026-01-01 FORGED\"")),
                "is not a number");
        assertTrue(!rejected.reason().contains("\n"), rejected.reason());
    }
}

package io.github.genesysqueuefeed.genesys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObservationQueryBuilderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void splitsQueueIdsIntoOrderedBatchesWithAShortLastOne() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            ids.add(String.format("1f3c2d6e-0000-4000-8000-%012d", i));
        }

        List<List<String>> batches = ObservationQueryBuilder.batches(ids, 100);

        assertEquals(3, batches.size());
        assertEquals(100, batches.get(0).size());
        assertEquals(100, batches.get(1).size());
        assertEquals(50, batches.get(2).size());
        // order matters: every id exactly once, in the configured order, so no queue is skipped or doubled
        List<String> flattened = new ArrayList<>();
        batches.forEach(flattened::addAll);
        assertEquals(ids, flattened);
        assertEquals(ids.subList(0, 100), batches.get(0));
        assertEquals(ids.subList(200, 250), batches.get(2));
    }

    @Test
    void batchSizeThatDividesEvenlyGivesNoEmptyTrailingBatch() {
        List<String> ids = List.of("a", "b", "c", "d");

        // an empty trailing batch would be a wasted API call with an empty "or" filter
        assertEquals(List.of(List.of("a", "b"), List.of("c", "d")), ObservationQueryBuilder.batches(ids, 2));
        assertEquals(List.of(), ObservationQueryBuilder.batches(List.of(), 100));
    }

    @Test
    void bodyIsExactlyTheDocumentedObservationsQuery() throws Exception {
        String q1 = "1f3c2d6e-0000-4000-8000-000000000001";
        String q2 = "1f3c2d6e-0000-4000-8000-000000000002";

        // the request shape of Genesys' observations query (POST /api/v2/analytics/queues/observations/query),
        // verbatim: any extra or missing field is a different query
        JsonNode expected = JSON.readTree("""
                {
                  "filter": {
                    "type": "or",
                    "predicates": [
                      {"type": "dimension", "dimension": "queueId", "operator": "matches", "value": "%s"},
                      {"type": "dimension", "dimension": "queueId", "operator": "matches", "value": "%s"}
                    ]
                  },
                  "metrics": ["oWaiting", "oInteracting", "oAlerting", "oOnQueueUsers", "oOffQueueUsers",
                              "oMemberUsers", "oActiveUsers"],
                  "detailMetrics": ["oWaiting"]
                }
                """.formatted(q1, q2));

        JsonNode actual = JSON.readTree(ObservationQueryBuilder.body(List.of(q1, q2)));

        assertEquals(expected, actual);
    }
}

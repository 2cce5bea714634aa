package io.github.genesysqueuefeed.genesys;

import io.github.genesysqueuefeed.event.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the body of {@code POST /api/v2/analytics/queues/observations/query}: one {@code or} filter of
 * {@code queueId matches} predicates per batch, so N queues cost ceil(N / batchSize) calls, not N.
 */
public final class ObservationQueryBuilder {

    /** Every metric the queue-status event is computed from; all are valid observation metrics. */
    public static final List<String> METRICS = List.of(
            "oWaiting", "oInteracting", "oAlerting", "oOnQueueUsers", "oOffQueueUsers", "oMemberUsers", "oActiveUsers");
    /** Waiting conversations are listed so the oldest wait can be derived where oLongestWaiting is absent. */
    public static final List<String> DETAIL_METRICS = List.of("oWaiting");

    private static final ObjectMapper JSON = Json.mapper();

    private ObservationQueryBuilder() {
    }

    public static <T> List<List<T>> batches(List<T> queueIds, int batchSize) {
        List<List<T>> batches = new ArrayList<>();
        for (int from = 0; from < queueIds.size(); from += batchSize) {
            batches.add(List.copyOf(queueIds.subList(from, Math.min(from + batchSize, queueIds.size()))));
        }
        return batches;
    }

    public static String body(List<String> queueIds) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode filter = root.putObject("filter");
        filter.put("type", "or");
        ArrayNode predicates = filter.putArray("predicates");
        for (String queueId : queueIds) {
            predicates.addObject()
                    .put("type", "dimension")
                    .put("dimension", "queueId")
                    .put("operator", "matches")
                    .put("value", queueId);
        }
        METRICS.forEach(root.putArray("metrics")::add);
        DETAIL_METRICS.forEach(root.putArray("detailMetrics")::add);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.github.genesysqueuefeed.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.genesys.ObservationResponse;
import io.github.genesysqueuefeed.genesys.ObservationResponse.Datum;
import io.github.genesysqueuefeed.genesys.ObservationResponse.Result;
import io.github.genesysqueuefeed.genesys.QueueRef;
import io.github.genesysqueuefeed.genesys.QueueStatusExtractor;
import io.github.genesysqueuefeed.push.NotificationMessage.Malformed;
import io.github.genesysqueuefeed.push.NotificationMessage.QueueObservation;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code eventBody} of one queue's observations message, already known to be on that queue's topic: its group
 * (queue, media type), the latest of its intervals and that interval's metrics, each shape bounded and checked with
 * its own reason; the counts are then checked by the poller's own {@link QueueStatusExtractor}, so push and poll
 * accept and reject exactly the same numbers. Part of {@link NotificationParser}: the envelope there, the body here.
 */
final class ObservationBodyReader {

    private final ObjectMapper json;
    private final String org;

    /** @param json the parser's mapper (its nesting and string limits apply to the metrics read here too) */
    ObservationBodyReader(ObjectMapper json, String org) {
        this.json = json;
        this.org = org;
    }

    NotificationMessage read(String queueId, JsonNode body) {
        JsonNode group = body.path("group");
        if (!group.isObject()) {
            return new Malformed("observations of queue " + queueId + " without a group");
        }
        JsonNode groupQueue = group.get("queueId");
        if (groupQueue != null && !queueId.equals(groupQueue.asText())) {
            return new Malformed("observations on the topic of queue " + queueId + " for the group of queue "
                    + NotificationParser.clean(groupQueue.asText()));
        }
        JsonNode media = group.get("mediaType");
        if (media != null && !media.isNull() && (!media.isTextual() || media.asText().isEmpty())) {
            return new Malformed("observations of queue " + queueId + " with a mediaType that is not a name");
        }
        String mediaType = media == null || media.isNull() ? null : NotificationParser.clean(media.asText());
        JsonNode data = body.path("data");
        if (!data.isArray() || data.size() > NotificationParser.MAX_INTERVALS) {
            return new Malformed("observations of queue " + queueId + ": data is not a list of at most "
                    + NotificationParser.MAX_INTERVALS + " intervals");
        }
        // several intervals in one message: the latest one is the current state
        JsonNode latest = null;
        Instant latestStart = null;
        for (JsonNode interval : data) {
            Instant start;
            try {
                start = intervalStart(interval);
            } catch (DateTimeParseException e) {
                return new Malformed("observations of queue " + queueId + ": interval "
                        + NotificationParser.clean(interval.path("interval").asText()) + " is not start/end in ISO-8601");
            }
            if (latest == null || start != null && (latestStart == null || !start.isBefore(latestStart))) {
                latest = interval;
                latestStart = start;
            }
        }
        List<Datum> metrics = new ArrayList<>();
        if (latest != null) {
            JsonNode list = latest.path("metrics");
            if (!list.isArray() || list.size() > NotificationParser.MAX_METRICS) {
                return new Malformed("observations of queue " + queueId + ": metrics is not a list of at most "
                        + NotificationParser.MAX_METRICS);
            }
            for (JsonNode metric : list) {
                if (!metric.isObject() || !metric.path("metric").isTextual()) {
                    return new Malformed("observations of queue " + queueId + ": a metric without a name");
                }
                try {
                    metrics.add(json.treeToValue(metric, Datum.class));
                } catch (Exception e) {
                    return new Malformed("observations of queue " + queueId + ": metric "
                            + NotificationParser.clean(metric.path("metric").asText()) + " does not read: "
                            + NotificationParser.clean(NotificationParser.reason(e)));
                }
            }
        }
        Map<String, String> groupKeys = new HashMap<>();
        groupKeys.put("queueId", queueId);
        if (mediaType != null) {
            groupKeys.put("mediaType", mediaType);
        }
        Result result = new Result(Map.copyOf(groupKeys), List.copyOf(metrics));
        var check = QueueStatusExtractor.extract(org, List.of(new QueueRef(queueId, null)),
                new ObservationResponse(null, List.of(result)), Instant.now());
        if (!check.rejected().isEmpty()) {
            return new Malformed(check.rejected().get(0).reason());
        }
        return new QueueObservation(queueId, mediaType, latestStart, counts(metrics), result);
    }

    private static Instant intervalStart(JsonNode interval) {
        JsonNode text = interval.get("interval");
        if (text == null || text.isNull()) {
            return null;
        }
        String value = text.asText();
        int slash = value.indexOf('/');
        return Instant.parse(slash < 0 ? value : value.substring(0, slash));
    }

    /** The counts the extraction has just accepted: whole numbers from 0 to the ceiling, no metric twice. */
    private static Map<String, Long> counts(List<Datum> metrics) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Datum datum : metrics) {
            if (datum.metric().startsWith("oLongest")) {
                continue; // an epoch-millisecond timestamp, not a count
            }
            Object count = datum.stats() == null ? null : datum.stats().get("count");
            long value = count == null ? 0 : new BigDecimal(count.toString()).longValueExact();
            counts.put(datum.qualifier() == null ? datum.metric() : datum.metric() + ':' + datum.qualifier(), value);
        }
        return Collections.unmodifiableMap(counts);
    }
}

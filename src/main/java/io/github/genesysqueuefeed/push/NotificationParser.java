package io.github.genesysqueuefeed.push;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.genesys.ObservationResponse;
import io.github.genesysqueuefeed.genesys.ObservationResponse.Datum;
import io.github.genesysqueuefeed.genesys.ObservationResponse.Result;
import io.github.genesysqueuefeed.genesys.QueueRef;
import io.github.genesysqueuefeed.genesys.QueueStatusExtractor;
import io.github.genesysqueuefeed.push.NotificationMessage.Heartbeat;
import io.github.genesysqueuefeed.push.NotificationMessage.Malformed;
import io.github.genesysqueuefeed.push.NotificationMessage.QueueObservation;
import io.github.genesysqueuefeed.push.NotificationMessage.SocketClosing;
import io.github.genesysqueuefeed.push.NotificationMessage.Unknown;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads one text frame of a Genesys notification websocket into a {@link NotificationMessage}. Hand-written
 * because no library knows Genesys' topics (its Java SDK has a notification handler, but it pulls in the whole
 * SDK and its own websocket client). Bounded before anything is believed: the frame's length, JSON nesting depth,
 * intervals and metrics per message. Counts are checked by the poller's own {@link QueueStatusExtractor} (the
 * group is run through it alone), so push and poll accept and reject exactly the same numbers with the same
 * reasons. Thread-safe; never throws on bad input.
 *
 * <p>Why this is long: each bound and shape check of an untrusted frame carries its own rejection reason.
 */
public final class NotificationParser {

    /** The default cap on one frame: an observations message of a busy queue is a few KiB. */
    public static final int DEFAULT_MAX_FRAME_CHARS = 1024 * 1024;
    static final int MAX_DEPTH = 16;
    static final int MAX_INTERVALS = 100;
    static final int MAX_METRICS = 1_000;
    static final String HEARTBEAT_TOPIC = "channel.metadata";
    static final String SOCKET_CLOSING_TOPIC = "v2.system.socket_closing";
    private static final Pattern OBSERVATIONS_TOPIC =
            Pattern.compile("v2\\.analytics\\.queues\\.([A-Za-z0-9_-]{1,64})\\.observations");

    private final ObjectMapper json;
    private final String org;
    private final int maxFrameChars;

    /**
     * @param mapper        the feed's mapper ({@code Json.mapper()}); copied, with a nesting limit added
     * @param org           the org alias, named in the reasons of rejected numbers
     * @param maxFrameChars frames longer than this are {@link Malformed} unread
     */
    public NotificationParser(ObjectMapper mapper, String org, int maxFrameChars) {
        if (maxFrameChars < 1) {
            throw new IllegalArgumentException("maxFrameChars must be positive: " + maxFrameChars);
        }
        this.json = mapper.copy();
        this.json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH).maxStringLength(maxFrameChars).build());
        this.org = org;
        this.maxFrameChars = maxFrameChars;
    }

    public NotificationParser(ObjectMapper mapper, String org) {
        this(mapper, org, DEFAULT_MAX_FRAME_CHARS);
    }

    public NotificationMessage parse(String frame) {
        if (frame == null) {
            return new Malformed("a null frame");
        }
        if (frame.length() > maxFrameChars) {
            return new Malformed("a frame of " + frame.length() + " characters, over the cap of " + maxFrameChars);
        }
        JsonNode root;
        try {
            root = json.readTree(frame);
        } catch (Exception e) { // JsonProcessingException, and Jackson's constraint violations
            return new Malformed("not JSON: " + clean(reason(e)));
        }
        if (root == null || !root.isObject()) {
            return new Malformed("not a JSON object");
        }
        JsonNode topic = root.get("topicName");
        if (topic == null || !topic.isTextual()) {
            return new Malformed("no topicName");
        }
        String topicName = topic.asText();
        JsonNode body = root.path("eventBody");
        if (HEARTBEAT_TOPIC.equals(topicName)) {
            return new Heartbeat(clean(body.path("message").asText("")));
        }
        if (SOCKET_CLOSING_TOPIC.equals(topicName)) {
            return new SocketClosing(clean(body.path("message").asText("")));
        }
        var matcher = OBSERVATIONS_TOPIC.matcher(topicName);
        if (matcher.matches()) {
            return observation(matcher.group(1), body);
        }
        if (topicName.startsWith("v2.analytics.queues.") && topicName.endsWith(".observations")) {
            return new Malformed("the observations topic " + clean(topicName) + " does not name a queue id");
        }
        return new Unknown(clean(topicName));
    }

    private NotificationMessage observation(String queueId, JsonNode body) {
        JsonNode group = body.path("group");
        if (!group.isObject()) {
            return new Malformed("observations of queue " + queueId + " without a group");
        }
        JsonNode groupQueue = group.get("queueId");
        if (groupQueue != null && !queueId.equals(groupQueue.asText())) {
            return new Malformed("observations on the topic of queue " + queueId + " for the group of queue "
                    + clean(groupQueue.asText()));
        }
        JsonNode media = group.get("mediaType");
        if (media != null && !media.isNull() && (!media.isTextual() || media.asText().isEmpty())) {
            return new Malformed("observations of queue " + queueId + " with a mediaType that is not a name");
        }
        String mediaType = media == null || media.isNull() ? null : clean(media.asText());
        JsonNode data = body.path("data");
        if (!data.isArray() || data.size() > MAX_INTERVALS) {
            return new Malformed("observations of queue " + queueId + ": data is not a list of at most "
                    + MAX_INTERVALS + " intervals");
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
                        + clean(interval.path("interval").asText()) + " is not start/end in ISO-8601");
            }
            if (latest == null || start != null && (latestStart == null || !start.isBefore(latestStart))) {
                latest = interval;
                latestStart = start;
            }
        }
        List<Datum> metrics = new ArrayList<>();
        if (latest != null) {
            JsonNode list = latest.path("metrics");
            if (!list.isArray() || list.size() > MAX_METRICS) {
                return new Malformed("observations of queue " + queueId + ": metrics is not a list of at most "
                        + MAX_METRICS);
            }
            for (JsonNode metric : list) {
                if (!metric.isObject() || !metric.path("metric").isTextual()) {
                    return new Malformed("observations of queue " + queueId + ": a metric without a name");
                }
                try {
                    metrics.add(json.treeToValue(metric, Datum.class));
                } catch (Exception e) {
                    return new Malformed("observations of queue " + queueId + ": metric "
                            + clean(metric.path("metric").asText()) + " does not read: "
                            + clean(reason(e)));
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

    private static String reason(Exception e) {
        return e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    }

    /** Genesys' text in a message or reason: at most 200 characters, no control characters to forge a log line. */
    static String clean(String text) {
        if (text == null) {
            return null;
        }
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 200 ? clean : clean.substring(0, 200) + "...";
    }
}

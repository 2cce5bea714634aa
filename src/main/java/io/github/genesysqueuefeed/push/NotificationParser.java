package io.github.genesysqueuefeed.push;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.genesys.QueueStatusExtractor;
import io.github.genesysqueuefeed.push.NotificationMessage.Heartbeat;
import io.github.genesysqueuefeed.push.NotificationMessage.Malformed;
import io.github.genesysqueuefeed.push.NotificationMessage.SocketClosing;
import io.github.genesysqueuefeed.push.NotificationMessage.Unknown;
import java.util.regex.Pattern;

/**
 * Reads one text frame of a Genesys notification websocket into a {@link NotificationMessage}. Hand-written
 * because no library knows Genesys' topics (its Java SDK has a notification handler, but it pulls in the whole
 * SDK and its own websocket client). Bounded before anything is believed: the frame's length, JSON nesting depth,
 * intervals and metrics per message. Counts are checked by the poller's own {@link QueueStatusExtractor} (the
 * group is run through it alone), so push and poll accept and reject exactly the same numbers with the same
 * reasons. Thread-safe; never throws on bad input. This reads the envelope (size, JSON, topic); the body of an
 * observations message is read by {@link ObservationBodyReader}.
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
    private final ObservationBodyReader observations;
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
        this.observations = new ObservationBodyReader(json, org);
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
            return observations.read(matcher.group(1), body);
        }
        if (topicName.startsWith("v2.analytics.queues.") && topicName.endsWith(".observations")) {
            return new Malformed("the observations topic " + clean(topicName) + " does not name a queue id");
        }
        return new Unknown(clean(topicName));
    }

    static String reason(Exception e) {
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

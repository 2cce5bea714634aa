package io.github.genesysqueuefeed.push;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The {@link FrameClassifier} of the push feed: reads only the top-level {@code topicName} with Jackson's streaming
 * parser (no tree, no numbers checked), because it runs on the websocket's thread for every frame; the full parse
 * ({@link NotificationParser}) happens on the org's frame thread.
 */
final class FrameKinds implements FrameClassifier {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public FrameKind classify(String frame) {
        String topic = topicName(frame);
        if (NotificationParser.HEARTBEAT_TOPIC.equals(topic)) {
            return FrameKind.HEARTBEAT;
        }
        return NotificationParser.SOCKET_CLOSING_TOPIC.equals(topic) ? FrameKind.SOCKET_CLOSING : FrameKind.OTHER;
    }

    /** The top-level topicName, or null (not JSON, not an object, no such text field). */
    static String topicName(String frame) {
        if (frame == null) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(frame)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("topicName".equals(name)) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (Exception e) {
            return null;
        }
    }
}

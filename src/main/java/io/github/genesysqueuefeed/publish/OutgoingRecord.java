package io.github.genesysqueuefeed.publish;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One Kafka record as the feed hands it to {@link KafkaPublisher}: the topic, the key (queue id), the string
 * headers every record type carries ({@code org}, {@code eventType}, {@code content-type}) and the JSON value, or
 * null for a tombstone. Serialized once, at snapshot time, so what waits during an outage is exactly what is sent.
 */
public record OutgoingRecord(String topic, String key, Map<String, String> headers, String value) {

    /** Fixed per-record overhead Kafka adds on top of key, value and headers (record batch header, varints). */
    static final int KAFKA_OVERHEAD_BYTES = 128;

    public OutgoingRecord {
        headers = Map.copyOf(headers);
    }

    /** The org the record belongs to (its {@code org} header), or null. */
    public String org() {
        return headers.get("org");
    }

    public String eventType() {
        return headers.get("eventType");
    }

    /**
     * An upper bound of the record's size as the producer checks it against {@code max.request.size}: key, value,
     * header names and values in UTF-8, plus the batch overhead.
     */
    public int sizeInBytes() {
        long size = KAFKA_OVERHEAD_BYTES + utf8(topic) + utf8(key) + utf8(value);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            size += utf8(header.getKey()) + utf8(header.getValue()) + 2;
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    private static long utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}

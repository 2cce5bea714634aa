package io.github.genesysqueuefeed.publish;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import java.util.function.BiConsumer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Collects a snapshot's records on its exchanges (a list kept in an exchange property, shared by the snapshot's
 * batch exchanges) and hands them over as one unit when the snapshot ends. Each record is size-checked as it is
 * collected; records published outside a snapshot are handed over at once, as a unit of their own.
 */
final class SnapshotRecords {

    private static final String[] HEADERS = {"org", "eventType", "content-type"};

    private final String property;
    private final RecordSizeCheck sizeCheck;
    private final BiConsumer<List<OutgoingRecord>, Instant> handOver;

    /** {@code handOver} gets the records and the exchange's {@link KafkaPublisher#RECEIVED_AT}, or null. */
    SnapshotRecords(String property, RecordSizeCheck sizeCheck, BiConsumer<List<OutgoingRecord>, Instant> handOver) {
        this.property = property;
        this.sizeCheck = sizeCheck;
        this.handOver = handOver;
    }

    void begin(Exchange exchange) {
        exchange.setProperty(property, Collections.synchronizedList(new ArrayList<OutgoingRecord>()));
    }

    /** The body's records for {@code topic}: a list of exchanges (one record each) or one record. */
    @SuppressWarnings("unchecked")
    void collect(Exchange exchange, String topic) {
        List<OutgoingRecord> records = new ArrayList<>();
        Object body = exchange.getMessage().getBody();
        if (body instanceof List<?> list) {
            for (Object element : list) {
                records.add(sizeCheck.checked(toRecord(topic, ((Exchange) element).getMessage())));
            }
        } else {
            records.add(sizeCheck.checked(toRecord(topic, exchange.getMessage())));
        }
        List<OutgoingRecord> snapshot = exchange.getProperty(property, List.class);
        if (snapshot != null) {
            snapshot.addAll(records);
        } else {
            handOver.accept(records, receivedAt(exchange)); // outside a snapshot: a unit of its own
        }
    }

    @SuppressWarnings("unchecked")
    void end(Exchange exchange) {
        List<OutgoingRecord> records = exchange.getProperty(property, List.class);
        exchange.removeProperty(property);
        if (records != null) {
            List<OutgoingRecord> copy;
            synchronized (records) {
                copy = List.copyOf(records);
            }
            handOver.accept(copy, receivedAt(exchange));
        }
    }

    private static Instant receivedAt(Exchange exchange) {
        return exchange.getProperty(KafkaPublisher.RECEIVED_AT, Instant.class);
    }

    private static OutgoingRecord toRecord(String topic, Message message) {
        Map<String, String> headers = new HashMap<>();
        for (String name : HEADERS) {
            String value = message.getHeader(name, String.class);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return new OutgoingRecord(topic, message.getHeader(KafkaConstants.KEY, String.class), headers,
                message.getBody(String.class));
    }
}

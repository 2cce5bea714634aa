package io.github.genesysqueuefeed.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genesysqueuefeed.secrets.Masking;
import io.github.genesysqueuefeed.genesys.GenesysApiException;
import io.github.genesysqueuefeed.genesys.ImplausibleNumbersException;
import io.github.genesysqueuefeed.event.Timestamps;
import io.github.genesysqueuefeed.feed.GenesysOrg;
import io.github.genesysqueuefeed.feed.GenesysOrgs;
import io.github.genesysqueuefeed.feed.FeedProperties;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the dead-letter record of a batch that could not be turned into events (docs/schemas/dead-letter.schema.json): the payload as a
 * string, the reason, the exception class, the route, the org and when, plus Genesys' status, code and contextId
 * where there was an answer, and the queue id when only one queue's numbers were rejected. The org's client secret
 * and the request's token are masked in every field, whatever a message or body might have echoed, as is every
 * other secret the masking step knows. Bound as {@code deadLetters}.
 */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    static final int MAX_PAYLOAD_CHARS = 64 * 1024;

    private final GenesysOrgs orgs;
    private final ObjectMapper json;
    private final Clock clock;

    public DeadLetters(GenesysOrgs orgs, ObjectMapper json, Clock clock) {
        this.orgs = orgs;
        this.json = json;
        this.clock = clock;
    }

    public void toRecord(Exchange exchange) throws Exception {
        String alias = exchange.getProperty(FeedProperties.ORG, String.class);
        GenesysOrg org = alias == null ? null : orgs.get(alias);
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String token = exchange.getProperty(FeedProperties.TOKEN, String.class);
        String secret = org == null ? null : org.config().clientSecret().reveal();

        ObjectNode record = json.createObjectNode();
        record.put("eventType", "queue.dead-letter");
        record.put("schemaVersion", 1);
        record.put("org", alias);
        record.put("routeId", exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class));
        record.put("failedAt", Timestamps.format(clock.instant()));
        record.put("reason", failure == null ? "unknown" : String.valueOf(failure.getMessage()));
        record.put("exception", failure == null ? null : failure.getClass().getName());
        if (failure instanceof GenesysApiException api) {
            record.put("status", api.status());
            record.put("code", api.code());
            record.put("contextId", api.contextId());
        }
        if (failure instanceof ImplausibleNumbersException rejected) {
            record.put("queueId", rejected.queueId()); // one queue of the batch, not the batch
        }
        String payload = exchange.getMessage().getBody(String.class);
        record.put("payload", truncate(payload));
        record.put("request", truncate(exchange.getProperty(FeedProperties.QUERY, String.class)));
        maskEveryField(record, token, secret);

        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(KafkaConstants.KEY, alias);
        exchange.getMessage().setHeader("org", alias);
        exchange.getMessage().setHeader("eventType", "queue.dead-letter");
        exchange.getMessage().setHeader("content-type", "application/json");
        exchange.getMessage().setBody(json.writeValueAsString(record));

        if (org != null) {
            org.stats().deadLetters.incrementAndGet();
        }
        LOG.error("dead letter: {}", record.get("reason").asText());
    }

    /** The one masking step (config/Masking) on every text field, whatever a message or body might have echoed. */
    private static void maskEveryField(ObjectNode record, String token, String secret) {
        record.properties().forEach(field -> {
            if (field.getValue().isTextual()) {
                field.setValue(record.textNode(Masking.mask(field.getValue().asText(), token, secret)));
            }
        });
    }

    /**
     * The dead letter of one record Kafka would refuse as too large (e.g. a queue name of megabytes): which topic,
     * which key (queue id), how large, the limit, and the start of the value. {@code limit} is -1 when the broker
     * itself refused the record (its message.max.bytes is below the producer's max.request.size).
     */
    public OutgoingRecord oversized(OutgoingRecord record, int size, int limit, String deadLetterTopic) {
        String alias = record.org();
        GenesysOrg org = alias == null ? null : orgs.all().stream().filter(o -> o.alias().equals(alias)).findFirst()
                .orElse(null);
        String secret = org == null ? null : org.config().clientSecret().reveal();
        String reason = record.eventType() + " record for key " + record.key() + " on topic " + record.topic() + " is "
                + size + " bytes, " + (limit < 0 ? "refused by the broker as too large (message.max.bytes)"
                : "over the producer's max.request.size of " + limit + " bytes") + "; not published";
        ObjectNode dead = json.createObjectNode();
        dead.put("eventType", "queue.dead-letter");
        dead.put("schemaVersion", 1);
        dead.put("org", alias);
        dead.put("routeId", "kafka-publisher");
        dead.put("failedAt", Timestamps.format(clock.instant()));
        dead.put("reason", Masking.mask(reason, secret));
        dead.put("exception", org.apache.kafka.common.errors.RecordTooLargeException.class.getName());
        dead.put("queueId", record.key());
        dead.put("topic", record.topic());
        dead.put("sizeBytes", size);
        dead.put("payload", Masking.mask(truncate(record.value()), secret));
        dead.putNull("request");
        if (org != null) {
            org.stats().deadLetters.incrementAndGet();
        }
        LOG.error("dead letter: {}", dead.get("reason").asText());
        java.util.Map<String, String> headers = new java.util.HashMap<>();
        if (alias != null) {
            headers.put("org", alias);
        }
        headers.put("eventType", "queue.dead-letter");
        headers.put("content-type", "application/json");
        try {
            return new OutgoingRecord(deadLetterTopic, alias, headers, json.writeValueAsString(dead));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncate(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= MAX_PAYLOAD_CHARS ? text : text.substring(0, MAX_PAYLOAD_CHARS) + "...(truncated)";
    }
}

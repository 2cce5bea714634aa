package io.github.genesysqueuefeed.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genesysqueuefeed.config.Masking;
import io.github.genesysqueuefeed.discovery.GenesysApiException;
import io.github.genesysqueuefeed.observation.ImplausibleNumbersException;
import io.github.genesysqueuefeed.observation.Timestamps;
import io.github.genesysqueuefeed.org.GenesysOrg;
import io.github.genesysqueuefeed.org.GenesysOrgs;
import io.github.genesysqueuefeed.route.FeedProperties;
import io.github.genesysqueuefeed.route.SnapshotOutcome;
import io.github.genesysqueuefeed.route.SnapshotRunner;
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

        SnapshotOutcome outcome = exchange.getProperty(SnapshotRunner.OUTCOME, SnapshotOutcome.class);
        if (outcome != null && !(failure instanceof ImplausibleNumbersException)) {
            outcome.batchFailed(); // one rejected queue does not fail the snapshot: the rest of it was published
        }
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

    private static String truncate(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= MAX_PAYLOAD_CHARS ? text : text.substring(0, MAX_PAYLOAD_CHARS) + "...(truncated)";
    }
}

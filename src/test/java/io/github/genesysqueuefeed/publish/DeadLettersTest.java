package io.github.genesysqueuefeed.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.config.ConfigSource;
import io.github.genesysqueuefeed.config.FeedConfigLoader;
import io.github.genesysqueuefeed.event.Json;
import io.github.genesysqueuefeed.feed.FeedProperties;
import io.github.genesysqueuefeed.feed.GenesysOrgs;
import io.github.genesysqueuefeed.genesys.GenesysApiException;
import io.github.genesysqueuefeed.genesys.ImplausibleNumbersException;
import io.github.genesysqueuefeed.support.Feed;
import io.github.genesysqueuefeed.support.MutableClock;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter record DeadLetters builds (docs/schemas/dead-letter.schema.json): its fields, secrets masked in every
 * one, payload and request cut at 64 KiB, and its Kafka headers. Record-building only: whether a dead letter fails
 * the snapshot is the pipeline's business.
 */
class DeadLettersTest {

    private static final String SECRET = "Cl13nt-S3cret-for-dead-letters";
    private static final String TOKEN = "tok-9f8e7d6c5b4a39281706";
    private static final Instant NOW = Instant.parse("2026-11-27T08:15:30.250Z");
    private static final ObjectMapper JSON = Json.mapper();

    private static CamelContext camel;
    private static DeadLetters deadLetters;

    @BeforeAll
    static void setUp() {
        camel = new DefaultCamelContext();
        Map<String, String> env = Map.of("GENESYS_REGION", "mypurecloud.ie", "GENESYS_CLIENT_ID", "client-1",
                "GENESYS_CLIENT_SECRET", SECRET);
        GenesysOrgs orgs = GenesysOrgs.create(FeedConfigLoader.load(ConfigSource.resolve(Feed.defaults(), env,
                new Properties(), Map.of())), new MutableClock(NOW));
        deadLetters = new DeadLetters(orgs, JSON, new MutableClock(NOW));
    }

    @AfterAll
    static void tearDown() throws Exception {
        camel.close();
    }

    private static Exchange failed(Exception failure, String payload, String query) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(FeedProperties.ORG, "default");
        exchange.setProperty(FeedProperties.TOKEN, TOKEN);
        exchange.setProperty(FeedProperties.QUERY, query);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        exchange.setProperty(Exchange.FAILURE_ROUTE_ID, "observe-batch");
        exchange.getMessage().setHeader("Authorization", "Bearer " + TOKEN);
        exchange.getMessage().setBody(payload);
        return exchange;
    }

    @Test
    void aGenesysErrorBecomesARecordWithItsStatusCodeAndContext() throws Exception {
        Exchange exchange = failed(new GenesysApiException("org 'default': observations answered HTTP 400", 400,
                "bad.request", "ctx-1", null), "{\"code\":\"bad.request\"}", "{\"filter\":{}}");
        deadLetters.toRecord(exchange);

        assertEquals("{\"eventType\":\"queue.dead-letter\",\"schemaVersion\":1,\"org\":\"default\","
                + "\"routeId\":\"observe-batch\",\"failedAt\":\"2026-11-27T08:15:30.250Z\","
                + "\"reason\":\"org 'default': observations answered HTTP 400\","
                + "\"exception\":\"io.github.genesysqueuefeed.genesys.GenesysApiException\",\"status\":400,"
                + "\"code\":\"bad.request\",\"contextId\":\"ctx-1\",\"payload\":\"{\\\"code\\\":\\\"bad.request\\\"}\","
                + "\"request\":\"{\\\"filter\\\":{}}\"}", exchange.getMessage().getBody(String.class));
        assertEquals(Map.of(KafkaConstants.KEY, "default", "org", "default", "eventType", "queue.dead-letter",
                "content-type", "application/json"), exchange.getMessage().getHeaders(),
                "only the record's headers: the request's Authorization is gone");
    }

    @Test
    void oneRejectedQueueNamesTheQueueAndAnyOtherFailureOnlyItsClass() throws Exception {
        Exchange rejected = failed(new ImplausibleNumbersException("q-1", "waiting -3 is negative"), "{}", null);
        deadLetters.toRecord(rejected);
        JsonNode record = JSON.readTree(rejected.getMessage().getBody(String.class));
        assertEquals("q-1", record.get("queueId").asText());
        assertEquals("waiting -3 is negative", record.get("reason").asText());
        assertFalse(record.has("status"), record.toString());
        assertTrue(record.get("request").isNull());

        Exchange io = failed(new IOException("connection reset"), null, null);
        deadLetters.toRecord(io);
        record = JSON.readTree(io.getMessage().getBody(String.class));
        assertEquals("java.io.IOException", record.get("exception").asText());
        assertFalse(record.has("queueId") || record.has("status"), record.toString());
        assertTrue(record.get("payload").isNull());
    }

    @Test
    void withoutAFailureTheReasonIsUnknown() throws Exception {
        Exchange exchange = failed(null, "x", null);
        deadLetters.toRecord(exchange);
        JsonNode record = JSON.readTree(exchange.getMessage().getBody(String.class));
        assertEquals("unknown", record.get("reason").asText());
        assertTrue(record.get("exception").isNull());
    }

    @Test
    void theSecretAndTheTokenAreMaskedInEveryField() throws Exception {
        Exchange exchange = failed(new GenesysApiException("rejected token " + TOKEN + " for client secret " + SECRET,
                        400, "bad.request", null, null),
                "{\"echo\":\"" + SECRET + "\",\"access_token\":\"other-token-value\",\"token\":\"" + TOKEN + "\"}",
                "{\"note\":\"" + TOKEN + "\"}");
        deadLetters.toRecord(exchange);
        String body = exchange.getMessage().getBody(String.class);
        JsonNode record = JSON.readTree(body);
        assertEquals("rejected token ****** for client secret ******", record.get("reason").asText());
        assertEquals("{\"echo\":\"******\",\"access_token\":\"******\",\"token\":\"******\"}", record.get("payload").asText());
        assertEquals("{\"note\":\"******\"}", record.get("request").asText());
        assertFalse(body.contains(SECRET) || body.contains(TOKEN) || body.contains("other-token-value"), body);
    }

    @Test
    void payloadAndRequestAreCutAt64KiB() throws Exception {
        String exact = "p".repeat(65_536);
        Exchange whole = failed(new IOException("x"), exact, exact);
        deadLetters.toRecord(whole);
        JsonNode record = JSON.readTree(whole.getMessage().getBody(String.class));
        assertEquals(exact, record.get("payload").asText(), "64 KiB exactly is kept whole");

        Exchange cut = failed(new IOException("x"), exact + "tail", "q".repeat(70_000));
        deadLetters.toRecord(cut);
        record = JSON.readTree(cut.getMessage().getBody(String.class));
        assertEquals(exact + "...(truncated)", record.get("payload").asText());
        assertEquals("q".repeat(65_536) + "...(truncated)", record.get("request").asText());
    }

    @Test
    void anOversizedRecordBecomesADeadLetterNamingTopicKeySizeAndLimit() throws Exception {
        OutgoingRecord big = new OutgoingRecord("genesys.queue.status", "q-1",
                Map.of("org", "default", "eventType", "queue.status"), "{\"queueName\":\"" + SECRET + "\"}");
        OutgoingRecord dead = deadLetters.oversized(big, 2_000_000, 1_048_576, "dlq");

        assertEquals("dlq", dead.topic());
        assertEquals("default", dead.key());
        assertEquals(Map.of("org", "default", "eventType", "queue.dead-letter", "content-type", "application/json"),
                dead.headers());
        assertEquals("{\"eventType\":\"queue.dead-letter\",\"schemaVersion\":1,\"org\":\"default\","
                + "\"routeId\":\"kafka-publisher\",\"failedAt\":\"2026-11-27T08:15:30.250Z\","
                + "\"reason\":\"queue.status record for key q-1 on topic genesys.queue.status is 2000000 bytes, over the "
                + "producer's max.request.size of 1048576 bytes; not published\","
                + "\"exception\":\"org.apache.kafka.common.errors.RecordTooLargeException\",\"queueId\":\"q-1\","
                + "\"topic\":\"genesys.queue.status\",\"sizeBytes\":2000000,\"payload\":\"{\\\"queueName\\\":\\\"******\\\"}\","
                + "\"request\":null}", dead.value());

        OutgoingRecord refused = deadLetters.oversized(big, 2_000_000, -1, "dlq");
        assertTrue(JSON.readTree(refused.value()).get("reason").asText()
                .endsWith("is 2000000 bytes, refused by the broker as too large (message.max.bytes); not published"));
    }
}

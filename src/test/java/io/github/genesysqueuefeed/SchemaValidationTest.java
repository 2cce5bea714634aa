package io.github.genesysqueuefeed;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.github.genesysqueuefeed.support.FeedTestEnvironment;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The published JSON Schemas (docs/schemas) and the AsyncAPI document (docs/asyncapi.yaml) describe what the feed
 * really writes: the real pipeline (WireMock as Genesys, the Camel application, an in-JVM broker) produces status
 * events, alerts (OPEN, and the CLOSED with null field/value/threshold after a rule's removal) and a dead letter,
 * and every record read back from the three topics validates against its schema. The schemas must also reject
 * broken samples, so that this test can fail.
 */
class SchemaValidationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DOCS = Path.of("docs");
    private static final Path SCHEMAS = DOCS.resolve("schemas");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> IDS = List.of("1f3c2d6e-0000-4000-8000-000000000000",
            "1f3c2d6e-0000-4000-8000-000000000001");

    @RegisterExtension
    static final FeedTestEnvironment env = new FeedTestEnvironment();

    @Test
    void everyRecordOnTheThreeTopicsMatchesItsSchema(@TempDir Path dir) throws Exception {
        JsonSchema statusSchema = schema("queue-status.schema.json");
        JsonSchema alertSchema = schema("queue-alert.schema.json");
        JsonSchema deadLetterSchema = schema("dead-letter.schema.json");

        GenesysStubs.token(env.genesys(), "token-1", 3600);
        GenesysStubs.queueNames(env.genesys(), Map.of(IDS.get(0), "Support")); // the second queue stays unnamed: null
        String good = observationsWithAWaitingSince();
        // a good snapshot, then one whose query Genesys rejects (400: a dead letter, not retried), then good ones
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)).inScenario("obs")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("bad")
                .willReturn(GenesysStubs.json(good)));
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)).inScenario("obs")
                .whenScenarioStateIs("bad").willSetStateTo("good")
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"test says 400\",\"code\":\"bad.request\",\"status\":400,"
                                + "\"contextId\":\"ctx-400\",\"details\":[],\"errors\":[]}")));
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)).inScenario("obs")
                .whenScenarioStateIs("good")
                .willReturn(GenesysStubs.json(good)));

        Path rules = dir.resolve("alert-rules.yaml");
        Files.writeString(rules, """
                rules:
                  - name: anything-waiting
                    field: waiting
                    operator: ">"
                    open: 0
                    for: 1
                """);
        String statusTopic = "status-" + UUID.randomUUID();
        String alertTopic = "alerts-" + UUID.randomUUID();
        String deadLetterTopic = "dead-" + UUID.randomUUID();
        Map<String, String> config = env.baseConfig();
        config.put("genesys.queue-ids", String.join(",", IDS));
        config.put("genesys.poll-period", "300ms");
        config.put("kafka.topic.status", statusTopic);
        config.put("kafka.topic.alerts", alertTopic);
        config.put("kafka.topic.dead-letter", deadLetterTopic);
        config.put("alerts.rules-file", rules.toString());

        FeedApplication feed = env.start(config);
        List<ConsumerRecord<String, String>> statuses;
        List<ConsumerRecord<String, String>> alerts;
        List<ConsumerRecord<String, String>> deadLetters;
        try (TopicReader statusReader = new TopicReader(env.broker().bootstrapServers(), statusTopic);
             TopicReader alertReader = new TopicReader(env.broker().bootstrapServers(), alertTopic);
             TopicReader deadReader = new TopicReader(env.broker().bootstrapServers(), deadLetterTopic)) {
            deadLetters = deadReader.readAtLeast(1, TIMEOUT);
            statuses = statusReader.readAtLeast(2 * IDS.size(), TIMEOUT); // two good snapshots: sequence 1 and 2
            alertReader.readUntil(records -> records.stream().anyMatch(r -> "OPEN".equals(field(r, "state"))),
                    TIMEOUT, "an OPEN alert");

            // the rule leaves the file: what it had open is CLOSED with field, value and threshold null
            Files.writeString(rules, "rules: []\n");
            Files.setLastModifiedTime(rules, FileTime.from(Instant.now().plusSeconds(5)));
            alerts = alertReader.readUntil(records -> records.stream().anyMatch(r -> "CLOSED".equals(field(r, "state"))),
                    TIMEOUT, "a CLOSED alert after the rule's removal");
        } finally {
            feed.stop();
        }

        for (ConsumerRecord<String, String> record : statuses) {
            assertValid(statusSchema, record);
            JsonNode event = JSON.readTree(record.value());
            assertEquals(event.get("queueId").asText(), record.key(), "key = queue id");
            assertHeaders(record, "default", "queue.status");
        }
        JsonNode waitingQueue = statuses.stream().map(r -> readTree(r.value()))
                .filter(e -> e.get("queueId").asText().equals(IDS.get(1))).findFirst().orElseThrow();
        assertTrue(waitingQueue.get("oldestWaitingSince").isTextual(), "the non-null branch is covered: " + waitingQueue);
        assertTrue(waitingQueue.get("queueName").isNull(), "the null branch is covered: " + waitingQueue);
        assertTrue(statuses.stream().anyMatch(r -> readTree(r.value()).get("sequence").asLong() == 2));

        for (ConsumerRecord<String, String> record : alerts) {
            assertValid(alertSchema, record);
            assertEquals(field(record, "queueId"), record.key(), "key = queue id");
            assertHeaders(record, "default", "queue.alert");
        }
        JsonNode closed = alerts.stream().map(r -> readTree(r.value()))
                .filter(a -> a.get("state").asText().equals("CLOSED")).findFirst().orElseThrow();
        assertTrue(closed.get("field").isNull() && closed.get("value").isNull() && closed.get("threshold").isNull(),
                "the CLOSED after a rule's removal has null field, value and threshold: " + closed);

        for (ConsumerRecord<String, String> record : deadLetters) {
            assertValid(deadLetterSchema, record);
            assertEquals("default", record.key(), "key = org");
            assertHeaders(record, "default", "queue.dead-letter");
        }
        JsonNode dead = JSON.readTree(deadLetters.get(0).value());
        assertEquals(400, dead.get("status").asInt(), dead.toString());
        assertEquals("ctx-400", dead.get("contextId").asText(), dead.toString());
    }

    @Test
    void schemasRejectBrokenRecords() throws Exception {
        JsonSchema status = schema("queue-status.schema.json");
        ObjectNode good = (ObjectNode) JSON.readTree(Files.readString(SCHEMAS.resolve("queue-status.schema.json")))
                .get("examples").get(0);
        assertEquals(Set.of(), status.validate(good), "the schema's own example is valid");

        assertRejected(status, good, e -> e.remove("queueId"), "queueId missing");
        assertRejected(status, good, e -> e.remove("sequence"), "sequence missing");
        assertRejected(status, good, e -> e.put("waiting", -1), "waiting = -1");
        assertRejected(status, good, e -> e.put("waiting", 1.5), "waiting not an integer");
        assertRejected(status, good, e -> e.put("queueId", "support"), "queueId not a UUID");
        assertRejected(status, good, e -> e.put("eventType", "queue.alert"), "wrong eventType");
        assertRejected(status, good, e -> e.put("schemaVersion", 2), "another schemaVersion");
        assertRejected(status, good, e -> e.put("sequence", 0), "sequence starts at 1");
        assertRejected(status, good, e -> e.put("observedAt", "yesterday"), "observedAt not a date-time");
        assertRejected(status, good, e -> e.put("observedAt", "2026-11-25T09:58:02.417+01:00"), "observedAt not UTC");
        assertRejected(status, good, e -> e.put("waitingCount", 5), "a field version 1 does not have");
        assertRejected(status, good, e -> ((ObjectNode) e.get("agents")).remove("available"), "agents.available missing");
        assertRejected(status, good, e -> ((ObjectNode) e.get("byMediaType").get("voice")).put("alerting", -1),
                "byMediaType.voice.alerting = -1");
        assertRejected(status, good, e -> ((ObjectNode) e.get("byMediaType")).put("voice", 4), "media counts not an object");
        assertEquals(Set.of(), status.validate(good.deepCopy().putNull("oldestWaitingSince")), "oldestWaitingSince nullable");

        JsonSchema alert = schema("queue-alert.schema.json");
        JsonNode alertExamples = JSON.readTree(Files.readString(SCHEMAS.resolve("queue-alert.schema.json"))).get("examples");
        ObjectNode open = (ObjectNode) alertExamples.get(0);
        assertEquals(Set.of(), alert.validate(open));
        assertEquals(Set.of(), alert.validate(alertExamples.get(1)), "CLOSED after a rule's removal: nulls allowed");
        assertRejected(alert, open, e -> e.put("state", "PENDING"), "state not OPEN|CLOSED");
        assertRejected(alert, open, e -> e.putNull("value"), "OPEN without a value");
        assertRejected(alert, open, e -> e.remove("rule"), "rule missing");
        assertRejected(alert, open, e -> e.put("threshold", "10"), "threshold not a number");

        JsonSchema deadLetter = schema("dead-letter.schema.json");
        ObjectNode letter = (ObjectNode) JSON.readTree(Files.readString(SCHEMAS.resolve("dead-letter.schema.json")))
                .get("examples").get(0);
        assertEquals(Set.of(), deadLetter.validate(letter));
        assertEquals(Set.of(), deadLetter.validate(letter.deepCopy().put("retries", 3)), "fields may be added");
        assertRejected(deadLetter, letter, e -> e.remove("reason"), "reason missing");
        assertRejected(deadLetter, letter, e -> e.put("status", "400"), "status not an integer");
        assertRejected(deadLetter, letter, e -> e.put("failedAt", "now"), "failedAt not a date-time");
    }

    @Test
    void schemasAreValidDraft202012Schemas() throws Exception {
        JsonSchema meta = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of(SchemaId.V202012), config());
        try (var files = Files.list(SCHEMAS)) {
            List<Path> schemas = files.filter(p -> p.toString().endsWith(".schema.json")).sorted().toList();
            assertEquals(3, schemas.size(), schemas.toString());
            for (Path file : schemas) {
                JsonNode schema = JSON.readTree(Files.readString(file));
                assertEquals(SchemaId.V202012, schema.get("$schema").asText(), file.toString());
                assertEquals(Set.of(), meta.validate(schema), file + " against the 2020-12 meta-schema");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void asyncApiDocumentParsesAndEveryRefResolves() throws Exception {
        Path file = DOCS.resolve("asyncapi.yaml");
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        assertTrue(doc instanceof Map, "a YAML mapping");
        Map<String, Object> root = (Map<String, Object>) doc;
        assertEquals("3.0.0", root.get("asyncapi"));
        Map<String, Object> channels = (Map<String, Object>) root.get("channels");
        List<Object> addresses = channels.values().stream().map(c -> ((Map<String, Object>) c).get("address")).toList();
        assertTrue(addresses.containsAll(List.of("genesys.queue.status", "genesys.queue.alerts",
                "genesys.queue.dead-letter")), addresses.toString());

        JsonNode tree = JSON.valueToTree(doc);
        List<String> refs = new ArrayList<>();
        collectRefs(tree, refs);
        assertTrue(refs.stream().filter(r -> !r.startsWith("#")).count() >= 3, "the payloads point at the schema files: " + refs);
        for (String ref : refs) {
            int hash = ref.indexOf('#');
            String path = hash < 0 ? ref : ref.substring(0, hash);
            String pointer = hash < 0 ? "" : ref.substring(hash + 1);
            JsonNode target = tree;
            if (!path.isEmpty()) {
                assertFalse(path.contains("://"), "a $ref to a local file, not the network: " + ref);
                Path referenced = file.getParent().resolve(path).normalize();
                assertTrue(Files.isRegularFile(referenced), "$ref " + ref + " -> " + referenced + " exists");
                target = JSON.readTree(Files.readString(referenced));
            }
            assertFalse(target.at(pointer).isMissingNode(), "$ref " + ref + " points to something");
        }
    }

    // ---------------------------------------------------------------------------------------- helpers

    /** The shared stub body, with observation dates on queue 1's waiting voice calls: oldestWaitingSince is set. */
    private static String observationsWithAWaitingSince() throws Exception {
        JsonNode body = JSON.readTree(GenesysStubs.observationsBody(IDS));
        for (JsonNode result : body.get("results")) {
            if (IDS.get(1).equals(result.at("/group/queueId").asText()) && "voice".equals(result.at("/group/mediaType").asText())) {
                for (JsonNode datum : result.get("data")) {
                    if ("oWaiting".equals(datum.get("metric").asText())) {
                        ((ObjectNode) datum).putArray("observations").addObject()
                                .put("observationDate", "2026-11-25T09:55:31.000Z")
                                .put("conversationId", "7b1e0c4a-0000-4000-8000-000000000001");
                    }
                }
            }
        }
        return body.toString();
    }

    private static SchemaValidatorsConfig config() {
        return SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    }

    private static JsonSchema schema(String name) throws Exception {
        Path file = SCHEMAS.resolve(name);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(file.toAbsolutePath().toUri(), JSON.readTree(Files.readString(file)), config());
    }

    private static void assertValid(JsonSchema schema, ConsumerRecord<String, String> record) throws Exception {
        Set<ValidationMessage> errors = schema.validate(JSON.readTree(record.value()));
        assertEquals(Set.of(), errors, "record " + record.key() + " " + record.value());
    }

    private static void assertRejected(JsonSchema schema, ObjectNode good, Consumer<ObjectNode> breakIt, String what) {
        ObjectNode broken = good.deepCopy();
        breakIt.accept(broken);
        assertFalse(schema.validate(broken).isEmpty(), "the schema must reject: " + what + ": " + broken);
    }

    private static void assertHeaders(ConsumerRecord<String, String> record, String org, String eventType) {
        assertEquals(org, header(record, "org"));
        assertEquals(eventType, header(record, "eventType"));
        assertEquals("application/json", header(record, "content-type"));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }

    private static String field(ConsumerRecord<String, String> record, String name) {
        JsonNode value = readTree(record.value());
        return value == null || value.get(name) == null ? null : value.get(name).asText();
    }

    private static JsonNode readTree(String json) {
        try {
            return json == null ? null : JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

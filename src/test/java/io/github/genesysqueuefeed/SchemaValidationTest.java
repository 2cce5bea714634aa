package io.github.genesysqueuefeed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.github.genesysqueuefeed.PipelineRoutes.Sent;
import io.github.genesysqueuefeed.feed.QueueBatch;
import io.github.genesysqueuefeed.genesys.GenesysApiException;
import io.github.genesysqueuefeed.genesys.QueueRef;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.MutableClock;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The published JSON Schemas (docs/schemas) and the AsyncAPI document (docs/asyncapi.yaml) describe what the feed
 * really writes: the real routes and beans (PipelineRoutes: routes/queue-feed.yaml, the real extraction of a Genesys
 * answer, the real KafkaPublisher on a mock kafka component; only the HTTP call is replaced) produce status events,
 * alerts (OPEN, and the CLOSED with null field/value/threshold after a rule's removal) and a dead letter, and every
 * record handed to the Kafka producer validates against its schema. The schemas must also reject broken samples, so
 * that this test can fail.
 */
class SchemaValidationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DOCS = Path.of("docs");
    private static final Path SCHEMAS = DOCS.resolve("schemas");
    private static final List<String> IDS = List.of("1f3c2d6e-0000-4000-8000-000000000000",
            "1f3c2d6e-0000-4000-8000-000000000001");

    @Test
    void everyRecordOnTheThreeTopicsMatchesItsSchema(@TempDir Path dir) throws Exception {
        JsonSchema statusSchema = schema("queue-status.schema.json");
        JsonSchema alertSchema = schema("queue-alert.schema.json");
        JsonSchema deadLetterSchema = schema("dead-letter.schema.json");

        Path rules = dir.resolve("alert-rules.yaml");
        Files.writeString(rules, """
                rules:
                  - name: anything-waiting
                    field: waiting
                    operator: ">"
                    open: 0
                    for: 1
                """);
        String good = observationsWithAWaitingSince();
        // what each observations call answers: a good snapshot, one Genesys rejects (400: a dead letter, not
        // retried), then good ones
        Deque<Object> genesys = new ArrayDeque<>(List.of(good, new GenesysApiException(
                "org 'default': observations answered HTTP 400: test says 400", 400, "bad.request", "ctx-400", null),
                good, good));
        List<Sent> sent = new ArrayList<>();
        try (PipelineRoutes pipeline = new PipelineRoutes(Map.of("alerts.rules-file", rules.toString()),
                new MutableClock(Instant.parse("2026-11-25T09:58:02.417Z")), context -> observations(context, genesys))) {
            for (int snapshot = 0; snapshot < 4; snapshot++) {
                if (snapshot == 3) { // the rule leaves the file: what it had open is CLOSED with field, value and threshold null
                    Files.writeString(rules, "rules: []\n");
                    Files.setLastModifiedTime(rules, FileTime.from(Instant.now().plusSeconds(5)));
                }
                // the second queue stays unnamed: null
                sent.addAll(pipeline.snapshot("direct:schema-batch", pipeline.exchange(new QueueBatch("default", 0, 1,
                        List.of(new QueueRef(IDS.get(0), "Support"), new QueueRef(IDS.get(1), null))))));
            }
        }
        List<Sent> statuses = PipelineRoutes.on("genesys.queue.status", sent);
        List<Sent> alerts = PipelineRoutes.on("genesys.queue.alerts", sent);
        List<Sent> deadLetters = PipelineRoutes.on("genesys.queue.dead-letter", sent);
        assertEquals(3 * IDS.size(), statuses.size(), "three good snapshots: " + statuses);

        for (Sent record : statuses) {
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

        assertTrue(alerts.stream().anyMatch(r -> "OPEN".equals(field(r, "state"))), "an OPEN alert: " + alerts);
        for (Sent record : alerts) {
            assertValid(alertSchema, record);
            assertEquals(field(record, "queueId"), record.key(), "key = queue id");
            assertHeaders(record, "default", "queue.alert");
        }
        JsonNode closed = alerts.stream().map(r -> readTree(r.value()))
                .filter(a -> a.get("state").asText().equals("CLOSED")).findFirst().orElseThrow();
        assertTrue(closed.get("field").isNull() && closed.get("value").isNull() && closed.get("threshold").isNull(),
                "the CLOSED after a rule's removal has null field, value and threshold: " + closed);

        assertEquals(1, deadLetters.size(), deadLetters.toString());
        for (Sent record : deadLetters) {
            assertValid(deadLetterSchema, record);
            assertEquals("default", record.key(), "key = org");
            assertHeaders(record, "default", "queue.dead-letter");
        }
        JsonNode dead = JSON.readTree(deadLetters.get(0).value());
        assertEquals(400, dead.get("status").asInt(), dead.toString());
        assertEquals("ctx-400", dead.get("contextId").asText(), dead.toString());
    }

    /**
     * observe-batch with its HTTP call answering from {@code answers} (a String is the 200 body, an exception is
     * thrown as the call throws it), followed by queue-events, as queue-snapshot runs each batch.
     */
    private static void observations(CamelContext context, Deque<Object> answers) {
        try {
            AdviceWith.adviceWith(context, "observe-batch", route -> route.weaveByToUri("direct:call-observations")
                    .replace().process(exchange -> {
                        Object answer = answers.removeFirst();
                        if (answer instanceof Exception failure) {
                            exchange.getMessage().setBody("{\"message\":\"test says 400\",\"code\":\"bad.request\","
                                    + "\"status\":400,\"contextId\":\"ctx-400\",\"details\":[],\"errors\":[]}");
                            throw failure;
                        }
                        exchange.getMessage().setBody(answer);
                    }));
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:schema-batch").to("direct:observe-batch").to("direct:queue-events");
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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

    private static void assertValid(JsonSchema schema, Sent record) throws Exception {
        Set<ValidationMessage> errors = schema.validate(JSON.readTree(record.value()));
        assertEquals(Set.of(), errors, "record " + record.key() + " " + record.value());
    }

    private static void assertRejected(JsonSchema schema, ObjectNode good, Consumer<ObjectNode> breakIt, String what) {
        ObjectNode broken = good.deepCopy();
        breakIt.accept(broken);
        assertFalse(schema.validate(broken).isEmpty(), "the schema must reject: " + what + ": " + broken);
    }

    private static void assertHeaders(Sent record, String org, String eventType) {
        assertEquals(org, record.headers().get("org"));
        assertEquals(eventType, record.headers().get("eventType"));
        assertEquals("application/json", record.headers().get("content-type"));
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

    private static String field(Sent record, String name) {
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

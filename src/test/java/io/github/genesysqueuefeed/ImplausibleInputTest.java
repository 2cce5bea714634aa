package io.github.genesysqueuefeed;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.github.genesysqueuefeed.feed.FeedStats;
import io.github.genesysqueuefeed.support.FeedTestEnvironment;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.LogCapture;
import io.github.genesysqueuefeed.support.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 through the real feed (WireMock as Genesys, an in-JVM broker): numbers Genesys should never send (case 7)
 * and a null element in {@code results} (case 13) are dead-lettered with their reason and never published or
 * alerted on, while the plausible queues go on; an invalid edit of the alert rules (case 12) keeps the previous
 * rules in force.
 */
class ImplausibleInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String A = "3a000000-0000-4000-8000-00000000000a";
    private static final String NEGATIVE = "3a000000-0000-4000-8000-00000000000b";
    private static final String DOUBLED = "3a000000-0000-4000-8000-00000000000c";
    private static final String D = "3a000000-0000-4000-8000-00000000000d";

    @RegisterExtension
    static final FeedTestEnvironment env = new FeedTestEnvironment();

    @TempDir
    Path dir;

    private static String group(String queueId, String mediaType, int waiting) {
        return """
                {"group": {"queueId": "%s", "mediaType": "%s"}, "data": [{"metric": "oWaiting", "stats": {"count": %d}}]}"""
                .formatted(queueId, mediaType, waiting);
    }

    private FeedApplication start(List<String> queues, String statusTopic, String alertsTopic, String deadTopic,
                                  Path rules) throws Exception {
        Map<String, String> config = env.baseConfig();
        config.put("genesys.queue-ids", String.join(",", queues));
        config.put("genesys.poll-period", "300ms");
        config.put("kafka.topic.status", statusTopic);
        config.put("kafka.topic.alerts", alertsTopic);
        config.put("kafka.topic.dead-letter", deadTopic);
        config.put("alerts.rules-file", rules.toString());
        return env.start(config);
    }

    private static void awaitSnapshots(FeedApplication feed, int more) throws InterruptedException {
        FeedStats stats = feed.orgs().get("default").stats();
        long target = stats.snapshotsOk.get() + more;
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (stats.snapshotsOk.get() < target) {
            assertTrue(Instant.now().isBefore(deadline), "successful snapshots keep coming");
            Thread.sleep(20);
        }
    }

    private static JsonNode value(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void implausibleQueuesAndANullResultAreDeadLetteredWhileTheOtherQueuesPublish() throws Exception {
        GenesysStubs.token(env.genesys(), "implausible-token", 3600);
        GenesysStubs.queueNames(env.genesys(), Map.of(A, "Alpha", NEGATIVE, "Negative", DOUBLED, "Doubled", D, "Delta"));
        // first answer: a null element, whose queue cannot be told: the whole batch is dead-lettered, as received
        String withNull = "{\"results\": [null, " + group(A, "voice", 1) + "]}";
        // then, for good: a negative chat count next to 10 voice (published, it would read 8 waiting) and the same
        // group twice (published, 2 waiting would read 4): both above the rule's 3, so a published one would alert
        String implausible = "{\"results\": [" + String.join(", ", group(A, "voice", 1),
                group(NEGATIVE, "voice", 10), group(NEGATIVE, "chat", -2),
                group(DOUBLED, "voice", 2), group(DOUBLED, "voice", 2), group(D, "voice", 1)) + "]}";
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)).inScenario("answers")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("implausible")
                .willReturn(GenesysStubs.json(withNull)));
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)).inScenario("answers")
                .whenScenarioStateIs("implausible").willReturn(GenesysStubs.json(implausible)));
        Path rules = dir.resolve("alert-rules.yaml");
        Files.writeString(rules, "rules:\n  - {name: building-up, field: waiting, operator: \">\", open: 3}\n");
        String statusTopic = "status-" + UUID.randomUUID();
        String alertsTopic = "alerts-" + UUID.randomUUID();
        String deadTopic = "dead-" + UUID.randomUUID();
        env.broker().createTopics(statusTopic, alertsTopic, deadTopic);

        FeedApplication feed = start(List.of(A, NEGATIVE, DOUBLED, D), statusTopic, alertsTopic, deadTopic, rules);
        try (TopicReader status = new TopicReader(env.broker().bootstrapServers(), statusTopic);
             TopicReader alerts = new TopicReader(env.broker().bootstrapServers(), alertsTopic);
             TopicReader dead = new TopicReader(env.broker().bootstrapServers(), deadTopic)) {
            awaitSnapshots(feed, 3); // the snapshots with rejected queues still count as successful
            List<ConsumerRecord<String, String>> published = status.readUntil(
                    rs -> rs.stream().filter(r -> r.key().equals(D)).count() >= 3, TIMEOUT, "three events for D");
            assertEquals(Set.of(A, D), Set.copyOf(published.stream().map(ConsumerRecord::key).toList()),
                    "only the plausible queues are published");
            assertTrue(published.stream().allMatch(r -> value(r).get("waiting").asInt() == 1));

            List<ConsumerRecord<String, String>> letters = dead.readUntil(
                    rs -> rs.stream().anyMatch(r -> DOUBLED.equals(value(r).path("queueId").asText())),
                    TIMEOUT, "dead letters for the null element and both implausible queues");
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(Files.readString(Path.of("docs/schemas/dead-letter.schema.json")));
            for (ConsumerRecord<String, String> letter : letters) {
                assertEquals(Set.of(), schema.validate(value(letter)), letter.value());
                assertEquals("default", letter.key());
            }

            JsonNode nullElement = value(letters.get(0));
            assertTrue(nullElement.get("reason").asText().contains("results[0] is null"), nullElement.toString());
            assertEquals(withNull, nullElement.get("payload").asText(), "the answer as Genesys sent it, not toString()");
            assertEquals("io.github.genesysqueuefeed.genesys.MalformedObservationsException",
                    nullElement.get("exception").asText());
            assertTrue(nullElement.get("queueId") == null, "a whole batch names no queue");

            JsonNode negative = letters.stream().map(ImplausibleInputTest::value)
                    .filter(l -> NEGATIVE.equals(l.path("queueId").asText())).findFirst().orElseThrow();
            assertTrue(negative.get("reason").asText().contains("queue " + NEGATIVE + " (Negative): oWaiting (chat) "
                    + "count -2 is negative; the queue's numbers are not published this snapshot"), negative.toString());
            assertEquals("[" + group(NEGATIVE, "voice", 10).replace(" ", "") + ","
                    + group(NEGATIVE, "chat", -2).replace(" ", "") + "]", negative.get("payload").asText(),
                    "the queue's own groups");
            assertEquals("observe-batch", negative.get("routeId").asText());
            assertTrue(negative.get("request").asText().contains(NEGATIVE), "the query that was sent");

            JsonNode doubled = letters.stream().map(ImplausibleInputTest::value)
                    .filter(l -> DOUBLED.equals(l.path("queueId").asText())).findFirst().orElseThrow();
            assertTrue(doubled.get("reason").asText().contains("the result group {queueId=" + DOUBLED
                    + ", mediaType=voice} appears twice in the answer"), doubled.toString());

            assertEquals(List.of(), alerts.drain(Duration.ofMillis(500)), "no alert opens on a rejected queue");
        }
    }

    @Test
    void anInvalidEditOfTheRulesFileKeepsThePreviousRules() throws Exception {
        GenesysStubs.token(env.genesys(), "rules-token", 3600);
        GenesysStubs.queueNames(env.genesys(), Map.of(A, "Alpha", D, "Delta"));
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH)).willReturn(GenesysStubs.json(
                "{\"results\": [" + group(A, "voice", 7) + ", " + group(D, "voice", 7) + "]}")));
        Path rules = dir.resolve("alert-rules.yaml");
        Files.writeString(rules, "rules:\n  - {name: busy, field: waiting, open: 5, queues: [\"" + A + "\"]}\n");
        String statusTopic = "status-" + UUID.randomUUID();
        String alertsTopic = "alerts-" + UUID.randomUUID();
        String deadTopic = "dead-" + UUID.randomUUID();
        env.broker().createTopics(statusTopic, alertsTopic, deadTopic);

        try (LogCapture log = LogCapture.start();
             TopicReader alerts = new TopicReader(env.broker().bootstrapServers(), alertsTopic)) {
            FeedApplication feed = start(List.of(A, D), statusTopic, alertsTopic, deadTopic, rules);
            List<ConsumerRecord<String, String>> opened = alerts.readAtLeast(1, TIMEOUT);
            assertEquals(A, opened.get(0).key());
            assertEquals("OPEN", value(opened.get(0)).get("state").asText());

            // the case: a string where the list belongs used to mean "every queue" (D would open)
            Files.writeString(rules, "rules:\n  - {name: busy, field: waiting, open: 5, queues: \"" + D + "\"}\n");
            Files.setLastModifiedTime(rules, FileTime.from(Instant.now().plusSeconds(5)));
            awaitSnapshots(feed, 4);

            assertEquals(1, alerts.drain(Duration.ofMillis(500)).size(),
                    "no OPEN for D, and no CLOSED for A: the previous rule is still in force");
            String rejection = log.linesContaining("rejected, the previous");
            assertEquals(1, rejection.lines().count(), "one line, once: " + rejection);
            assertTrue(rejection.contains("alert rules file " + rules + " rejected, the previous 1 rules stay in force: "
                    + "rule 1 ('busy'): 'queues' must be a list of queue ids"), rejection);
        }
    }
}

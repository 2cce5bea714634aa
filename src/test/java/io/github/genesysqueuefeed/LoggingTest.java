package io.github.genesysqueuefeed;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.genesysqueuefeed.support.FeedTestEnvironment;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.LogCapture;
import io.github.genesysqueuefeed.support.LogSettings;
import io.github.genesysqueuefeed.support.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What an operator's log pipeline receives: LOG_FORMAT=json lines that parse and carry the org, no secret whatever
 * Genesys echoes (in the log and in the dead letters), no forged line from Genesys' error texts, and no
 * Authorization value even at debug level. The real application against WireMock and a real broker, with
 * logback configured from the shipped logback.xml under the variables an operator would set.
 */
class LoggingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String CLIENT_ID = "test-client";

    @RegisterExtension
    static final FeedTestEnvironment env = new FeedTestEnvironment();

    private final String statusTopic = "status-" + UUID.randomUUID();
    private final String deadLetterTopic = "dead-" + UUID.randomUUID();

    @Test
    void jsonLinesParseCarryTheOrgAndNoSecretGenesysEchoes() throws Exception {
        String secret = "cs-LOGTEST-6b1d2e7f90";
        String token = "tok-LOGTEST-41c9a0";
        String basic = Base64.getEncoder().encodeToString((CLIENT_ID + ":" + secret).getBytes(StandardCharsets.UTF_8));
        List<String> ids = queueIds(2);
        GenesysStubs.queueNames(env.genesys(), Map.of());
        // the login host echoes the request it rejects (its Authorization header, and the credentials decoded)
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.TOKEN_PATH)).inScenario("login")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ok")
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_client\",\"description\":\"rejected {{request.headers.Authorization}}"
                                + " ({{request.body}}) for " + CLIENT_ID + ":" + secret + "\"}")
                        .withTransformers("response-template")));
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.TOKEN_PATH)).inScenario("login").whenScenarioStateIs("ok")
                .willReturn(GenesysStubs.json("{\"access_token\":\"" + token + "\",\"expires_in\":3600}")));
        // a gateway that answers 502 with what it was sent, twice (every attempt), then Genesys answers
        String echo = "{\"message\":\"bad gateway: upstream refused Authorization: Basic " + basic
                + " and Authorization: Bearer " + token + "\",\"code\":\"bad.gateway\",\"status\":502}";
        env.genesys().stubFor(observations().inScenario("gateway").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("again").willReturn(aResponse().withStatus(502).withBody(echo)));
        env.genesys().stubFor(observations().inScenario("gateway").whenScenarioStateIs("again")
                .willSetStateTo("good").willReturn(aResponse().withStatus(502).withBody(echo)));
        env.genesys().stubFor(observations().inScenario("gateway").whenScenarioStateIs("good")
                .willReturn(GenesysStubs.json(GenesysStubs.observationsBody(ids))));
        Map<String, String> config = config(ids, "300ms", secret);
        config.put("genesys.auth-failure-backoff", "0s");
        config.put("genesys.retry.max-attempts", "2");

        List<ConsumerRecord<String, String>> deadLetters;
        String log;
        try (LogSettings json = LogSettings.use(Map.of("LOG_FORMAT", "json")); LogCapture capture = LogCapture.start()) {
            FeedApplication feed = env.start(config);
            readAtLeast(statusTopic, 2);
            deadLetters = readAtLeast(deadLetterTopic, 1); // the batch the gateway refused twice
            feed.stop();
            log = capture.text();
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (!line.isBlank()) {
                JsonNode parsed = JSON.readTree(line); // throws if a line is not one JSON object
                assertTrue(parsed.isObject(), line);
                for (String field : List.of("timestamp", "level", "logger", "thread", "message")) {
                    assertTrue(parsed.hasNonNull(field), field + " missing: " + line);
                }
                Instant.parse(parsed.get("timestamp").asText());
                assertTrue(parsed.get("timestamp").asText().endsWith("Z"), "UTC: " + line);
                lines.add(parsed);
            }
        }
        // the rejected login (a failed snapshot), the refused batch, the token at last: each line with its org
        for (String logger : List.of("genesys.ClientCredentialsTokenProvider", "genesys.GenesysApi",
                "publish.DeadLetters")) {
            List<JsonNode> of = lines.stream().filter(l -> l.get("logger").asText()
                    .equals("io.github.genesysqueuefeed." + logger)).toList();
            assertFalse(of.isEmpty(), "no line from " + logger + " in:\n" + log);
            of.forEach(line -> assertEquals("default", line.path("org").asText(), "org on " + line));
        }
        for (String leak : List.of(secret, basic, token)) {
            assertFalse(log.contains(leak), "log contains " + leak + ":\n" + linesContaining(log, leak));
            for (ConsumerRecord<String, String> dead : deadLetters) {
                assertFalse(dead.value().contains(leak), "dead letter contains " + leak + ": " + dead.value());
            }
        }
        assertTrue(log.contains("rejected Basic ****** (grant_type=client_credentials) for test-client:******"),
                "the login host's echo is there, masked:\n" + linesContaining(log, "rejected"));
        assertTrue(log.contains("refused Authorization: Basic ****** and Authorization: Bearer ******"),
                "the gateway's echo is there, masked:\n" + linesContaining(log, "502"));
        assertTrue(deadLetters.stream().anyMatch(d -> d.value().contains("Basic ******")), deadLetters.toString());
    }

    @Test
    void genesysTextCannotForgeALineAndDebugLoggingPrintsNoAuthorization() throws Exception {
        String secret = "cs-DEBUG-0c3f5a7e21";
        String token = "tok-DEBUG-93be07";
        List<String> ids = queueIds(2);
        GenesysStubs.token(env.genesys(), token, 3600);
        GenesysStubs.queueNames(env.genesys(), Map.of());
        String forged = "2026-11-27T00:00:00.000Z ERROR [main] FeedApplication - FORGED";
        env.genesys().stubFor(observations().willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"bad request\\n" + forged + " \\u001b[31mred\\u001b[0m\","
                        + "\"code\":\"bad.request\\r\\nFORGED CODE\",\"status\":400,\"contextId\":\"ctx-inj\"}")));
        Map<String, String> config = config(ids, "1h", secret);

        String log;
        try (LogSettings debug = LogSettings.use(Map.of(
                "LOG_LEVEL", "debug",
                "LOG_LEVEL_IO_GITHUB_GENESYSQUEUEFEED", "debug",
                "LOG_LEVEL_ORG_APACHE_HC", "trace",
                "LOG_LEVEL_ORG_APACHE_HC_CLIENT5_HTTP_WIRE", "debug",  // asking for the wire: refused
                "LOG_LEVEL_WIREMOCK", "info"));
             LogCapture capture = LogCapture.start()) {
            FeedApplication feed = env.start(config);
            readAtLeast(deadLetterTopic, 1);
            feed.stop();
            log = capture.text();
        }

        // the Genesys calls go through the JDK's HttpClient, which never logs through logback; debug is on for the
        // rest (Camel, Kafka, the feed), so any Authorization value a library printed would be in this text
        assertTrue(log.lines().anyMatch(l -> l.contains(" DEBUG ")),
                "debug lines are on, so the test means something:\n" + linesContaining(log, "DEBUG"));
        assertFalse(log.lines().anyMatch(l -> l.contains(" wire - ") || l.contains(" headers - ")),
                "wire/header logger printed:\n" + linesContaining(log, " wire - "));
        for (String leak : List.of(secret, token)) {
            assertFalse(log.contains(leak), "log contains " + leak + ":\n" + linesContaining(log, leak));
        }
        assertFalse(log.lines().anyMatch(l -> l.startsWith(forged) || l.startsWith("FORGED")),
                "a forged line:\n" + linesContaining(log, "FORGED"));
        assertFalse(log.contains("\u001b"), "an ANSI escape reached the log");
        String deadLetterLine = log.lines().filter(l -> l.contains("DeadLetters - dead letter")).findFirst().orElse(null);
        assertNotNull(deadLetterLine, log);
        assertTrue(deadLetterLine.contains("bad request\\n" + forged + " \\u001b[31mred"), deadLetterLine);
    }

    @Test
    void jsonExceptionIsOneFieldWithClassMessageAndTheWholeTraceEscaped() throws Exception {
        String log;
        try (LogSettings json = LogSettings.use(Map.of("LOG_FORMAT", "json")); LogCapture capture = LogCapture.start()) {
            MDC.put("org", "emea");
            try {
                IllegalStateException cause = new IllegalStateException("cause\nsays password=hunter2");
                LoggerFactory.getLogger(LoggingTest.class).error("snapshot failed\n{}",
                        "\u001b[2J", new RuntimeException("outer\r\nFORGED Bearer abc.def", cause));
            } finally {
                MDC.remove("org");
            }
            log = capture.text();
        }
        List<String> lines = log.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), log);
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals("ERROR", line.get("level").asText());
        assertEquals(LoggingTest.class.getName(), line.get("logger").asText());
        assertEquals("emea", line.get("org").asText());
        assertEquals("snapshot failed\\n\\u001b[2J", line.get("message").asText());
        JsonNode exception = line.get("exception");
        assertEquals("java.lang.RuntimeException", exception.get("class").asText());
        assertEquals("outer\\r\\nFORGED Bearer ******", exception.get("message").asText());
        String trace = exception.get("stackTrace").asText();
        assertTrue(trace.startsWith("java.lang.RuntimeException: outer\\r\\nFORGED Bearer ******\n\tat "), trace);
        assertTrue(trace.contains("\nCaused by: java.lang.IllegalStateException: cause\\nsays password=******\n"), trace);
        assertFalse(trace.contains("hunter2") || trace.contains("abc.def"), trace);
    }

    private Map<String, String> config(List<String> ids, String pollPeriod, String secret) {
        Map<String, String> config = env.baseConfig(CLIENT_ID, secret);
        config.put("genesys.queue-ids", String.join(",", ids));
        config.put("genesys.poll-period", pollPeriod);
        config.put("genesys.retry.initial-delay", "100ms");
        config.put("genesys.retry.max-delay", "200ms");
        config.put("kafka.topic.status", statusTopic);
        config.put("kafka.topic.dead-letter", deadLetterTopic);
        return config;
    }

    private static MappingBuilder observations() {
        return post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH));
    }

    private static List<String> queueIds(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(String.format("3c5d7e9f-0000-4000-8000-%012d", i));
        }
        return ids;
    }

    private static List<ConsumerRecord<String, String>> readAtLeast(String topic, int count) {
        try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), topic)) {
            return reader.readAtLeast(count, TIMEOUT);
        }
    }

    private static String linesContaining(String log, String needle) {
        return String.join("\n", log.lines().filter(l -> l.contains(needle)).toList());
    }
}

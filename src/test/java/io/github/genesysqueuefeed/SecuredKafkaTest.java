package io.github.genesysqueuefeed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.support.Feed;
import io.github.genesysqueuefeed.support.FeedTestEnvironment;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.KafkaTestBroker;
import io.github.genesysqueuefeed.support.LogCapture;
import io.github.genesysqueuefeed.support.SecuredKafka;
import io.github.genesysqueuefeed.support.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The feed against a broker secured as in production: a SASL_SSL listener (SASL/PLAIN over TLS with a certificate
 * from a CA made in the test), configured only through environment variables. What a consumer reads, what the
 * operator's log and readiness say when the password is wrong or the CA is not trusted, and that the password
 * never reaches the log.
 */
class SecuredKafkaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FEED_PASSWORD = "feed-kafka-pw-4711";
    private static final String WRONG_PASSWORD = "not-the-feed-pw-0815";
    private static final String READER_PASSWORD = "reader-pw-1234";
    private static final List<String> QUEUES = List.of(
            "3b3c2d6e-0000-4000-8000-000000000001", "3b3c2d6e-0000-4000-8000-000000000002");
    private static final SecuredKafka SECURED = SecuredKafka.create(tempDir(),
            Map.of("feed", FEED_PASSWORD, "reader", READER_PASSWORD));

    /** Like most production brokers, this one does not create topics on first use. */
    @RegisterExtension
    static final FeedTestEnvironment env = FeedTestEnvironment.withBroker(() -> {
        Map<String, String> broker = new HashMap<>(SECURED.brokerProperties());
        broker.put("auto.create.topics.enable", "false");
        return KafkaTestBroker.start(broker);
    });

    @BeforeAll
    static void topics() {
        SECURED.createTopics(env.broker().bootstrapServers(), "genesys.queue.alerts", "genesys.queue.dead-letter");
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeEach
    void genesys() {
        GenesysStubs.token(env.genesys(), "token-secured", 3600);
        GenesysStubs.queueNames(env.genesys(), Map.of(QUEUES.get(0), "Support", QUEUES.get(1), "Sales"));
        GenesysStubs.observationsForBatch(env.genesys(), QUEUES.get(0), GenesysStubs.observationsBody(QUEUES));
    }

    /** What an operator would put in the pod's environment for a SASL_SSL broker with a private CA. */
    private static Map<String, String> environment(String topic, String password, Path truststore) {
        Map<String, String> vars = new HashMap<>();
        vars.put("GENESYS_API_URL", env.genesys().baseUrl());
        vars.put("GENESYS_LOGIN_URL", env.genesys().baseUrl());
        vars.put("GENESYS_CLIENT_ID", FeedTestEnvironment.CLIENT_ID);
        vars.put("GENESYS_CLIENT_SECRET", FeedTestEnvironment.CLIENT_SECRET);
        vars.put("GENESYS_QUEUE_IDS", String.join(",", QUEUES));
        vars.put("GENESYS_POLL_PERIOD", "500ms");
        vars.put("KAFKA_BROKERS", env.broker().bootstrapServers());
        vars.put("KAFKA_TOPIC_STATUS", topic);
        vars.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        vars.put("KAFKA_SASL_MECHANISM", "PLAIN");
        vars.put("KAFKA_SASL_USERNAME", "feed");
        vars.put("KAFKA_SASL_PASSWORD", password);
        vars.put("KAFKA_SSL_TRUSTSTORE_LOCATION", truststore.toString());
        vars.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", SecuredKafka.STORE_PASSWORD);
        vars.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");
        // any other producer property passes through by prefix
        vars.put("KAFKA_PRODUCER_PROPERTIES_CLIENT_DNS_LOOKUP", "use_all_dns_ips");
        return vars;
    }

    @Test
    void theFeedConfiguredOnlyByEnvironmentPublishesOverSaslSslAndAConsumerReadsTheEventsBack() throws Exception {
        String topic = "secured-status-" + UUID.randomUUID();
        SECURED.createTopics(env.broker().bootstrapServers(), topic);
        // Kafka prints the producer's whole configuration at INFO: the JAAS line and passwords must show as [hidden]
        ch.qos.logback.classic.Logger producerConfig = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger(org.apache.kafka.clients.producer.ProducerConfig.class);
        ch.qos.logback.classic.Level before = producerConfig.getLevel();
        producerConfig.setLevel(ch.qos.logback.classic.Level.INFO);
        try (LogCapture log = LogCapture.start()) {
            FeedApplication feed = env.startFromEnvironment(environment(topic, FEED_PASSWORD, SECURED.truststore()));

            try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), topic,
                    SECURED.clientProperties("reader", READER_PASSWORD))) {
                List<ConsumerRecord<String, String>> records = reader.readAtLeast(4, Duration.ofSeconds(90));
                assertEquals(Set.copyOf(QUEUES), records.stream().map(ConsumerRecord::key).collect(Collectors.toSet()));
                JsonNode event = JSON.readTree(records.get(0).value());
                assertEquals("queue.status", event.get("eventType").asText());
            }
            HttpResponse<String> ready = getUntil(feed, r -> r.statusCode() == 200, Duration.ofSeconds(60));
            assertTrue(ready.body().contains("\"kafka\""), ready.body());
            assertTrue(log.text().contains("SASL_SSL PLAIN as 'feed'"), "the start-up summary says how the feed "
                    + "connects:\n" + log.linesContaining("kafka "));
            assertTrue(log.text().contains("sasl.jaas.config = [hidden]"), log.linesContaining("sasl.jaas.config"));
            // Kafka prints [hidden]; the log's own masking step may mask the pair once more
            assertTrue(log.text().contains("ssl.truststore.password = [hidden]")
                    || log.text().contains("ssl.truststore.password = ******"), log.linesContaining("ssl.truststore.password"));
            assertFalse(log.text().contains(FEED_PASSWORD), "the SASL password is never logged");
            assertFalse(log.text().contains(SecuredKafka.STORE_PASSWORD), "nor the truststore's");
            assertFalse(feed.camelContext().getPropertiesComponent().resolveProperty("kafka.sasl.password").orElse("")
                    .contains(FEED_PASSWORD), "Camel's override properties never hold the Kafka secrets");
            assertEquals("use_all_dns_ips", feed.camelContext().getComponent("kafka",
                    org.apache.camel.component.kafka.KafkaComponent.class).getConfiguration()
                    .getAdditionalProperties().get("client.dns.lookup"));
        } finally {
            producerConfig.setLevel(before);
        }
    }

    @Test
    void aWrongPasswordGivesOneLineNamingTheKeysAndReadinessDownWithTheSameReason() throws Exception {
        String topic = "secured-wrong-pw-" + UUID.randomUUID();
        try (LogCapture log = LogCapture.start()) {
            FeedApplication feed = env.startFromEnvironment(environment(topic, WRONG_PASSWORD, SECURED.truststore()));

            HttpResponse<String> notReady = getUntil(feed,
                    r -> r.statusCode() == 503 && kafkaCheck(r).contains("authentication failed"), Duration.ofSeconds(90));
            assertTrue(kafkaCheck(notReady).startsWith("kafka: authentication failed"), notReady.body());
            assertTrue(kafkaCheck(notReady).contains("check kafka.sasl.username and kafka.sasl.password"), notReady.body());
            // several snapshots fail meanwhile: still one line
            Instant until = Instant.now().plusSeconds(4);
            while (Instant.now().isBefore(until)) {
                getUntil(feed, r -> true, Duration.ofSeconds(1));
                Thread.onSpinWait();
            }
            List<String> feedLines = log.lines().stream().filter(l -> l.contains("kafka: authentication failed")).toList();
            assertEquals(1, feedLines.size(), log.text());
            assertTrue(feedLines.get(0).contains("check kafka.sasl.username and kafka.sasl.password"), feedLines.get(0));
            assertFalse(log.text().contains(WRONG_PASSWORD), "the SASL password is never logged");
            assertFalse(notReady.body().contains(WRONG_PASSWORD));
            System.out.println("=== captured log, wrong password ===\n" + log.text());
        }
    }

    @Test
    void aTruststoreWithAnotherCaGivesCertificateNotTrustedAndReadinessDown() throws Exception {
        String topic = "secured-other-ca-" + UUID.randomUUID();
        try (LogCapture log = LogCapture.start()) {
            FeedApplication feed = env.startFromEnvironment(
                    environment(topic, FEED_PASSWORD, SECURED.otherCaTruststore()));

            HttpResponse<String> notReady = getUntil(feed,
                    r -> r.statusCode() == 503 && kafkaCheck(r).contains("certificate not trusted"), Duration.ofSeconds(90));
            assertTrue(kafkaCheck(notReady).contains("check kafka.ssl.truststore.location and kafka.ssl.truststore.type"), notReady.body());
            List<String> feedLines = log.lines().stream().filter(l -> l.contains("kafka: certificate not trusted")).toList();
            assertEquals(1, feedLines.size(), log.text());
            assertFalse(log.text().contains(FEED_PASSWORD), "the SASL password is never logged");
            System.out.println("=== captured log, other CA ===\n" + log.text());
        }
    }

    @Test
    void aMissingTopicIsNamedOnceAndReadinessSaysSoWhileOtherTopicsWork() throws Exception {
        String topic = "secured-missing-" + UUID.randomUUID();
        Map<String, String> environment = environment(topic, FEED_PASSWORD, SECURED.truststore());
        // each probe waits this long for the missing topic's metadata (5 s by default): the problem shows sooner and
        // the publisher's back-off is still short when the topic appears
        environment.put("KAFKA_PRODUCER_MAX_BLOCK_MS", "1000");
        try (LogCapture log = LogCapture.start()) {
            FeedApplication feed = env.startFromEnvironment(environment);

            String expected = "topic " + topic + " does not exist and the broker does not create topics: create it";
            HttpResponse<String> notReady = getUntil(feed,
                    r -> r.statusCode() == 503 && kafkaCheck(r).contains(expected), Duration.ofSeconds(90));
            assertTrue(kafkaCheck(notReady).startsWith("kafka: " + expected), notReady.body());
            List<String> feedLines = log.lines().stream().filter(l -> l.contains("kafka: " + expected)).toList();
            assertEquals(1, feedLines.size(), log.text());

            // creating the topic is the whole fix: the next snapshot goes out and readiness clears by itself
            SECURED.createTopics(env.broker().bootstrapServers(), topic);
            getUntil(feed, r -> !kafkaCheck(r).contains("does not exist"), Duration.ofSeconds(90));
            try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), topic,
                    SECURED.clientProperties("reader", READER_PASSWORD))) {
                reader.readAtLeast(2, Duration.ofSeconds(60));
            }
        }
    }

    /** The message of the readiness check named "kafka", or "" while it is UP. */
    private static String kafkaCheck(HttpResponse<String> response) {
        try {
            for (JsonNode check : JSON.readTree(response.body()).path("checks")) {
                if ("kafka".equals(check.path("name").asText())) {
                    return check.path("message").asText("");
                }
            }
            return "";
        } catch (Exception e) {
            return "";
        }
    }

    private static HttpResponse<String> getUntil(FeedApplication feed,
                                                 java.util.function.Predicate<HttpResponse<String>> done,
                                                 Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        HttpResponse<String> last = null;
        while (Instant.now().isBefore(deadline)) {
            last = HTTP.send(HttpRequest.newBuilder(URI.create(Feed.managementUrl(feed) + "/observe/health/ready"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("readiness never got there within " + timeout + "; last: "
                + (last == null ? "none" : last.statusCode() + " " + last.body()));
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("secured-kafka");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.github.genesysqueuefeed.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.support.LogCapture;
import io.github.genesysqueuefeed.support.MutableClock;
import java.security.cert.CertPathBuilderException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import org.apache.camel.CamelExchangeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.NetworkException;
import org.junit.jupiter.api.Test;

/** What the operator is told for each Kafka failure, classified from Kafka's own exception types. */
class KafkaProblemsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T05:00:00Z"));
    private final KafkaProblems problems = new KafkaProblems(clock);

    @Test
    void wrongSaslCredentials() {
        KafkaProblems.Problem p = problems.classify(
                new SaslAuthenticationException("Authentication failed: Invalid username or password"));
        assertEquals("authentication failed", p.kind());
        assertTrue(p.message().contains("check kafka.sasl.username and kafka.sasl.password (and kafka.sasl.mechanism)"),
                p.message());
    }

    @Test
    void anUntrustedCertificateDeepInTheHandshake() {
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
        handshake.initCause(new CertPathBuilderException("unable to find valid certification path to requested target"));
        KafkaProblems.Problem p = problems.classify(wrapped(new SslAuthenticationException("SSL handshake failed", handshake)));
        assertEquals("certificate not trusted", p.kind());
        assertTrue(p.message().startsWith("certificate not trusted"), p.message());
        assertTrue(p.message().contains("kafka.ssl.truststore.location and kafka.ssl.truststore.type"), p.message());
    }

    @Test
    void anotherHandshakeFailureIsNotCalledUntrusted() {
        KafkaProblems.Problem p = problems.classify(new SslAuthenticationException("SSL handshake failed",
                new SSLHandshakeException("No subject alternative names matching IP address 10.0.0.1 found")));
        assertEquals("TLS handshake failed", p.kind());
        assertTrue(p.message().contains("No subject alternative names"), p.message());
    }

    @Test
    void aMissingTopicByExceptionOrByMetadataTimeout() {
        KafkaProblems.Problem unknown = problems.classify(
                new UnknownTopicOrPartitionException("This server does not host this topic-partition."), "orders");
        assertEquals("topic orders does not exist and the broker does not create topics: create it", unknown.message());
        KafkaProblems.Problem timeout = problems.classify(wrapped(
                new TimeoutException("Topic genesys.queue.status not present in metadata after 5000 ms.")), null);
        assertTrue(timeout.message().startsWith(
                "topic genesys.queue.status does not exist and the broker does not create topics: create it"),
                timeout.message());
    }

    @Test
    void aRecordTooLargeAndAnAclThatDenies() {
        assertEquals("record too large", problems.classify(new RecordTooLargeException(
                "The message is 1300000 bytes when serialized which is larger than 1048576")).kind());
        KafkaProblems.Problem denied = problems.classify(new TopicAuthorizationException(Set.of("genesys.queue.alerts")));
        assertEquals("not authorized", denied.kind());
        assertTrue(denied.message().contains("topic genesys.queue.alerts") && denied.message().contains("WRITE"),
                denied.message());
    }

    @Test
    void anythingElseIsUnreachable() {
        KafkaProblems.Problem p = problems.classify(wrapped(new NetworkException("Disconnected from node 1")));
        assertEquals("unreachable", p.kind());
        assertTrue(p.message().contains("kafka.brokers"), p.message());
    }

    @Test
    void oneLinePerDistinctProblemPerMinuteAndAnAckClearsIt() {
        try (LogCapture log = LogCapture.start()) {
            for (int i = 0; i < 50; i++) {
                problems.failed(new SaslAuthenticationException("Authentication failed"));
                clock.advance(Duration.ofMillis(500));
            }
            assertEquals(1, log.lines().stream().filter(l -> l.contains("kafka: authentication failed")).count(),
                    log.text());
            assertEquals("authentication failed", problems.current().orElseThrow().kind());
            assertEquals(Instant.parse("2026-11-27T05:00:00Z"), problems.current().orElseThrow().since());
            clock.advance(Duration.ofSeconds(40));
            problems.failed(new SaslAuthenticationException("Authentication failed"));
            assertEquals(2, log.lines().stream().filter(l -> l.contains("kafka: authentication failed")).count());

            problems.succeeded();
            assertFalse(problems.current().isPresent());
        }
    }

    @Test
    void anotherTopicsAckDoesNotClearAMissingTopicButTheBrokersProblemsClearOnAnyAck() {
        problems.failed(new UnknownTopicOrPartitionException("unknown"), "genesys.queue.status");
        problems.succeeded("genesys.queue.dead-letter");
        assertEquals("topic missing: genesys.queue.status", problems.current().orElseThrow().kind());
        problems.succeeded("genesys.queue.status");
        assertFalse(problems.current().isPresent());

        problems.failed(new SaslAuthenticationException("Authentication failed"), "genesys.queue.status");
        problems.succeeded("genesys.queue.dead-letter");
        assertFalse(problems.current().isPresent(), "an ack from the broker ends an authentication problem");
    }

    private static Exception wrapped(Exception kafka) {
        return new CamelExchangeException("Error sending to kafka", null, kafka);
    }
}

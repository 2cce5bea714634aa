package io.github.genesysqueuefeed.publish;

import io.github.genesysqueuefeed.publish.KafkaProblems.Problem;
import io.github.genesysqueuefeed.secrets.Masking;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.time.Instant;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Names the problem behind a failed Kafka send in words an operator can act on (the keys to check), from the first
 * cause in its chain that is Kafka's. Kafka's own exceptions say what went wrong, not which of the feed's keys to
 * change, hence this table.
 */
final class KafkaProblemClassifier {

    private static final Pattern NOT_IN_METADATA = Pattern.compile("Topic (\\S+) not present in metadata");

    private KafkaProblemClassifier() {
    }

    /**
     * The problem behind a failed send to {@code topic} (null if unknown). The kind is the key of "one log line per
     * distinct problem per minute": a missing topic is a problem per topic, everything else one per kind. Messages
     * name keys in full and avoid '/': Camel's health JSON shows it as "\/".
     */
    static Problem classify(Throwable failure, String topic, Instant now) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SslAuthenticationException) {
                if (untrustedCertificate(cause)) {
                    return new Problem("certificate not trusted", "certificate not trusted: the broker's certificate "
                            + "is not signed by a CA in the truststore (" + rootText(cause) + "): check "
                            + "kafka.ssl.truststore.location and kafka.ssl.truststore.type", now);
                }
                return new Problem("TLS handshake failed", "TLS handshake failed (" + rootText(cause) + "): check "
                        + "kafka.security.protocol, kafka.ssl.truststore.* and, for mutual TLS, kafka.ssl.keystore.*",
                        now);
            }
            if (cause instanceof AuthenticationException) {
                return new Problem("authentication failed", "authentication failed (" + text(cause) + "): check "
                        + "kafka.sasl.username and kafka.sasl.password (and kafka.sasl.mechanism)", now);
            }
            if (cause instanceof TopicAuthorizationException denied) {
                String topics = denied.unauthorizedTopics().isEmpty() ? topicOrUnknown(topic)
                        : String.join(", ", new TreeSet<>(denied.unauthorizedTopics()));
                return new Problem("not authorized", "not authorized to write to topic " + topics + ": the broker's "
                        + "ACLs must allow the feed's principal WRITE and DESCRIBE on it", now);
            }
            if (cause instanceof ClusterAuthorizationException) {
                return new Problem("not authorized", "not authorized on the cluster (" + text(cause) + "): the "
                        + "idempotent producer needs IDEMPOTENT_WRITE on the cluster for brokers before 2.8", now);
            }
            if (cause instanceof UnknownTopicOrPartitionException) {
                return missingTopic(topic, now, "");
            }
            if (cause instanceof TimeoutException && cause.getMessage() != null) {
                Matcher notInMetadata = NOT_IN_METADATA.matcher(cause.getMessage());
                if (notInMetadata.find()) {
                    // the same words when no broker answered at all: say both, the missing topic first
                    return missingTopic(notInMetadata.group(1), now,
                            " (or, if no broker answers at all, check kafka.brokers)");
                }
            }
            if (cause instanceof RecordTooLargeException) {
                return new Problem("record too large", "record too large (" + text(cause) + "): raise the topic's "
                        + "max.message.bytes and kafka.producer.properties.max.request.size, or send smaller records",
                        now);
            }
        }
        return new Problem("unreachable", "broker not reachable or not answering (" + rootText(failure)
                + "): check kafka.brokers and the network", now);
    }

    /** Whether the problem is a topic's (missing, denied, too large a record) rather than the broker's. */
    static boolean aboutTopic(Problem problem) {
        return problem.kind().startsWith("topic missing") || problem.kind().equals("not authorized")
                || problem.kind().equals("record too large");
    }

    private static Problem missingTopic(String topic, Instant now, String orElse) {
        return new Problem("topic missing: " + topicOrUnknown(topic), "topic " + topicOrUnknown(topic)
                + " does not exist and the broker does not create topics: create it" + orElse, now);
    }

    private static String topicOrUnknown(String topic) {
        return topic == null ? "(unknown)" : topic;
    }

    /** The JDK's words for "no path to a trusted CA", wherever in the handshake's causes they are. */
    private static boolean untrustedCertificate(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CertPathBuilderException || cause instanceof CertPathValidatorException
                    || (cause.getMessage() != null && cause.getMessage().contains("PKIX"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootText(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return text(root);
    }

    /** What an exception says, masked and on one line: it ends up in a log line and the readiness body. */
    private static String text(Throwable failure) {
        String message = failure.getMessage();
        String text = failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return Masking.maskKnown(text).replaceAll("[\\r\\n\\t]+", " ");
    }
}

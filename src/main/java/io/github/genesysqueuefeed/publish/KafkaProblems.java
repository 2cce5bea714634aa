package io.github.genesysqueuefeed.publish;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.github.genesysqueuefeed.secrets.Masking;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is wrong with Kafka right now, as the feed's publishing sees it: every failed send is reported here and
 * every acknowledged one clears it. Kafka problems are Kafka's: they show in readiness and in one log line per
 * distinct problem per minute (never one per record), and never count against Genesys (its circuit, its
 * snapshots).
 *
 * <p>Skeleton shared by the publishing path (which reports) and the Kafka settings and readiness (which classify
 * and show); {@link #classify(Throwable)} names the problem an operator can act on.
 */
public final class KafkaProblems {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaProblems.class);
    static final Duration LOG_EVERY = Duration.ofMinutes(1);

    /** One problem: a short kind (e.g. "authentication failed"), the sentence for the log and readiness, since when. */
    public record Problem(String kind, String message, Instant since) {
    }

    private final Clock clock;
    private final Map<String, Instant> lastLogged = new ConcurrentHashMap<>();
    private volatile Problem current;
    /** The topic {@link #current} is about (missing, denied, too large a record); null when it is the broker's. */
    private volatile String currentTopic;

    public KafkaProblems(Clock clock) {
        this.clock = clock;
    }

    /** A send failed: remember the problem (keeping when it started), log it unless logged within the last minute. */
    public void failed(Throwable failure) {
        failed(failure, null);
    }

    /** A send to {@code topic} (null if unknown) failed; see {@link #failed(Throwable)}. */
    public void failed(Throwable failure, String topic) {
        Problem seen = classify(failure, topic);
        Problem before = current;
        Instant now = clock.instant();
        Instant since = before != null && before.kind().equals(seen.kind()) ? before.since() : now;
        current = new Problem(seen.kind(), seen.message(), since);
        currentTopic = aboutTopic(seen) ? topic : null;
        Instant logged = lastLogged.get(seen.kind());
        if (logged == null || !now.isBefore(logged.plus(LOG_EVERY))) {
            lastLogged.put(seen.kind(), now);
            LOG.warn("kafka: {}", seen.message());
        }
    }

    /** A send was acknowledged: whatever was wrong is over. */
    public void succeeded() {
        succeeded(null);
    }

    /**
     * A send to {@code topic} was acknowledged: the broker's problems are over, and the topic's own; a problem of
     * another topic (missing, denied) stays, or the dead letter of a failed status batch would hide that the status
     * topic is missing.
     */
    public void succeeded(String topic) {
        Problem before = current;
        String beforeTopic = currentTopic;
        if (before != null && beforeTopic != null && topic != null && !topic.equals(beforeTopic)) {
            return;
        }
        if (before != null) {
            current = null;
            currentTopic = null;
            LOG.info("kafka: publishing again (problem since {}: {})", before.since(), before.kind());
        }
    }

    public Optional<Problem> current() {
        return Optional.ofNullable(current);
    }

    /** The problem behind {@code failure}, in words an operator can act on; the first cause that is Kafka's wins. */
    public Problem classify(Throwable failure) {
        return classify(failure, null);
    }

    /**
     * The problem behind a failed send to {@code topic} (null if unknown). The kind is the key of "one log line per
     * distinct problem per minute": a missing topic is a problem per topic, everything else one per kind. Messages
     * name keys in full and avoid '/': Camel's health JSON shows it as "\/".
     */
    public Problem classify(Throwable failure, String topic) {
        Instant now = clock.instant();
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
                        : String.join(", ", new java.util.TreeSet<>(denied.unauthorizedTopics()));
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

    private static final Pattern NOT_IN_METADATA = Pattern.compile("Topic (\\S+) not present in metadata");

    private static boolean aboutTopic(Problem problem) {
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

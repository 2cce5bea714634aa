package io.github.genesysqueuefeed.publish;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is wrong with Kafka right now, as the feed's publishing sees it: every failed send is reported here and
 * every acknowledged one clears it. Kafka problems are Kafka's: they show in readiness and in one log line per
 * distinct problem per minute (never one per record), and never count against Genesys (its circuit, its
 * snapshots).
 *
 * <p>Shared by the publishing path (which reports) and the Kafka settings and readiness (which classify and show);
 * {@link KafkaProblemClassifier} names the problem an operator can act on.
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
        currentTopic = KafkaProblemClassifier.aboutTopic(seen) ? topic : null;
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
     * distinct problem per minute": a missing topic is a problem per topic, everything else one per kind.
     */
    public Problem classify(Throwable failure, String topic) {
        return KafkaProblemClassifier.classify(failure, topic, clock.instant());
    }
}

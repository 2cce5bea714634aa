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

    public KafkaProblems(Clock clock) {
        this.clock = clock;
    }

    /** A send failed: remember the problem (keeping when it started), log it unless logged within the last minute. */
    public void failed(Throwable failure) {
        Problem seen = classify(failure);
        Problem before = current;
        Instant now = clock.instant();
        Instant since = before != null && before.kind().equals(seen.kind()) ? before.since() : now;
        current = new Problem(seen.kind(), seen.message(), since);
        Instant logged = lastLogged.get(seen.kind());
        if (logged == null || !now.isBefore(logged.plus(LOG_EVERY))) {
            lastLogged.put(seen.kind(), now);
            LOG.warn("kafka: {}", seen.message());
        }
    }

    /** A send was acknowledged: whatever was wrong is over. */
    public void succeeded() {
        Problem before = current;
        if (before != null) {
            current = null;
            LOG.info("kafka: publishing again (problem since {}: {})", before.since(), before.kind());
        }
    }

    public Optional<Problem> current() {
        return Optional.ofNullable(current);
    }

    /** The problem behind {@code failure}, in words an operator can act on; the first cause that is Kafka's wins. */
    public Problem classify(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return new Problem("unreachable", "broker not reachable or not answering (" + text + ")", clock.instant());
    }
}

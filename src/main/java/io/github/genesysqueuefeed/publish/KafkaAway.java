package io.github.genesysqueuefeed.publish;

import java.time.Instant;
import java.util.Optional;

/**
 * When the current Kafka outage began: set by the sender when an attempt fails or is not acknowledged in time,
 * cleared by the next acknowledged attempt, read by readiness and by the log lines about held snapshots.
 */
final class KafkaAway {

    private volatile Instant since;

    /** An attempt started at {@code started} failed or hangs: the outage began then, unless it already had. */
    void began(Instant started) {
        if (since == null) {
            since = started;
        }
    }

    /** An attempt was acknowledged: returns when the outage that ends now began, or null when there was none. */
    Instant ended() {
        Instant began = since;
        since = null;
        return began;
    }

    Optional<Instant> since() {
        return Optional.ofNullable(since);
    }
}

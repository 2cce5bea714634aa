package io.github.genesysqueuefeed.genesys;

import io.github.genesysqueuefeed.config.Durations;
import io.github.genesysqueuefeed.config.OrgConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * The arithmetic ops need when a snapshot costs more calls than the budget allows within one poll period. The
 * budget always wins (snapshots stretch, Genesys is never over-asked); this says by how much, once, at start-up
 * and whenever the queue count changes.
 */
public final class BudgetCheck {

    private BudgetCheck() {
    }

    public static int callsPerSnapshot(int queues, int batchSize) {
        return (queues + batchSize - 1) / batchSize;
    }

    /** @return a one-line warning when {@code queues} cannot be polled every period within the budget. */
    public static Optional<String> warning(OrgConfig org, int queues) {
        int calls = callsPerSnapshot(queues, org.batchSize());
        double periodSeconds = org.pollPeriod().toMillis() / 1000.0;
        double allowedPerPeriod = org.requestsPerMinute() * periodSeconds / 60.0;
        if (calls <= allowedPerPeriod) {
            return Optional.empty();
        }
        Duration stretched = Duration.ofMillis((long) Math.ceil(calls * 60_000.0 / org.requestsPerMinute()));
        int batchNeeded = (int) Math.ceil(queues / Math.max(1.0, Math.floor(allowedPerPeriod)));
        return Optional.of(String.format(
                "org '%s': %d queues / batch size %d = %d calls per snapshot, but genesys.requests-per-minute=%d allows %.1f "
                        + "calls per %s poll period: snapshots will stretch to about %s. Raise genesys.batch-size (%d would fit, "
                        + "max 200) or genesys.poll-period",
                org.alias(), queues, org.batchSize(), calls, org.requestsPerMinute(), allowedPerPeriod,
                Durations.format(org.pollPeriod()), Durations.format(stretched), batchNeeded));
    }
}

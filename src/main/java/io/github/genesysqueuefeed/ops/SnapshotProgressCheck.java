package io.github.genesysqueuefeed.ops;

import io.github.genesysqueuefeed.config.Durations;
import io.github.genesysqueuefeed.feed.GenesysOrg;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness of one org's polling: DOWN when, while this instance is the one polling the org, the feed has not moved on
 * for {@code feed.liveness.stuck-after} poll periods. Moving on is a snapshot completing (ok or failed), a tick the open
 * circuit skips, or a Genesys call starting or answering. Calls count because each is bounded by the HTTP timeouts
 * and the retry back-off: a snapshot retrying a hanging Genesys 5 times takes longer than 6 poll periods and is not
 * stuck. An unreachable Genesys is readiness' business ({@link FeedReadinessCheck}); this check fails only when
 * nothing moves at all (a wedged thread, a snapshot that never ends), which a restart cures.
 */
public final class SnapshotProgressCheck extends FeedHealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotProgressCheck.class);

    private final GenesysOrg org;
    private final Clock clock;
    private final BooleanSupplier polling;
    private final int stuckAfter;
    /**
     * When this check first saw this instance polling the org (its first call after start-up, or after taking over as
     * leader); null before. Probes start after the context has, so a slow start-up never counts as stuck.
     */
    private Instant pollingSince;
    private boolean stuck;

    public SnapshotProgressCheck(GenesysOrg org, Clock clock, BooleanSupplier polling, int stuckAfter) {
        super("progress-" + org.alias(), true);
        this.org = org;
        this.clock = clock;
        this.polling = polling;
        this.stuckAfter = stuckAfter;
    }

    @Override
    protected synchronized void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("org", org.alias());
        Instant now = clock.instant();
        if (!polling.getAsBoolean()) {
            pollingSince = null;
            builder.detail("role", "follower");
            builder.message("org '" + org.alias() + "': follower, another instance polls").up();
            return;
        }
        if (pollingSince == null) {
            pollingSince = now;                      // just took over: its snapshots start now
        }
        Instant progress = org.stats().lastProgress();
        Instant since = progress == null || progress.isBefore(pollingSince) ? pollingSince : progress;
        Duration limit = org.config().pollPeriod().multipliedBy(stuckAfter);
        Duration idle = Duration.between(since, now);
        if (progress != null) {
            builder.detail("lastProgress", progress.toString());
        }
        if (idle.compareTo(limit) > 0) {
            Duration shown = idle.toSeconds() > 0 ? Duration.ofSeconds(idle.toSeconds()) : Duration.ofMillis(idle.toMillis());
            String reason = "org '" + org.alias() + "': stuck, no snapshot completed and no Genesys call for "
                    + Durations.format(shown) + ", more than " + stuckAfter + " poll periods ("
                    + Durations.format(limit) + ")"
                    + (org.stats().isSnapshotRunning() ? "; a snapshot has been running all that time" : "");
            if (!stuck) {
                LOG.warn("{}: /observe/health/live is DOWN", reason);   // once, so the log says why the pod restarted
                stuck = true;
            }
            builder.message(reason).down();
            return;
        }
        stuck = false;
        builder.up();
    }
}

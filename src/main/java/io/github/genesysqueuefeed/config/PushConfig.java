package io.github.genesysqueuefeed.config;

import java.time.Duration;

/**
 * How the feed learns of changes: Genesys' Notifications API ({@code push}) or observations queries only
 * ({@code poll}).
 *
 * @param mode             {@code push} or {@code poll} ({@code genesys.mode})
 * @param reconcilePeriod  in push mode, a full observations query this often ({@code genesys.push.reconcile-period})
 * @param heartbeatTimeout a notification socket silent this long is dead ({@code genesys.push.heartbeat-timeout})
 */
public record PushConfig(String mode, Duration reconcilePeriod, Duration heartbeatTimeout) {

    public static final String PUSH = "push";
    public static final String POLL = "poll";

    /** The shipped defaults: push, reconcile every 5 minutes, 60 s heartbeat timeout. */
    public static PushConfig defaults() {
        return new PushConfig(PUSH, Duration.ofMinutes(5), Duration.ofSeconds(60));
    }

    public boolean push() {
        return PUSH.equals(mode);
    }
}

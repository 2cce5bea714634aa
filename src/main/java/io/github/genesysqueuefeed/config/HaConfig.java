package io.github.genesysqueuefeed.config;

import java.time.Duration;

/**
 * Leader election, so that of several instances exactly one polls each org.
 *
 * @param mode                {@code none} (every instance polls) or {@code file} (a lock file shared by the
 *                            instances: one host, or a shared volume)
 * @param lockRoot            the folder of the lock files in {@code file} mode
 * @param acquireLockInterval how often a follower checks whether the leader is still there
 */
public record HaConfig(String mode, String lockRoot, Duration acquireLockInterval) {

    public boolean enabled() {
        return !"none".equals(mode);
    }
}

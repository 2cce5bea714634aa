package io.github.genesysqueuefeed.config;

import java.time.Duration;

/**
 * Leader election, so that of several instances exactly one polls each org.
 *
 * @param mode                {@code none} (every instance polls), {@code file} (a lock folder shared by the
 *                            instances: one host or a shared volume) or {@code kubernetes} (a Lease per namespace)
 * @param lockRoot            the folder of the lock files in {@code file} mode
 * @param acquireLockInterval how often a follower checks whether the leader is still there
 * @param kubernetesNamespace the namespace of the Lease in {@code kubernetes} mode
 * @param podName             this instance's name in the Lease (the pod name)
 */
public record HaConfig(String mode, String lockRoot, Duration acquireLockInterval, String kubernetesNamespace,
                       String podName) {

    public boolean enabled() {
        return !"none".equals(mode);
    }
}

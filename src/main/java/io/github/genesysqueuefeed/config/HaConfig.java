package io.github.genesysqueuefeed.config;

import java.time.Duration;
import java.util.Map;

/**
 * Leader election, so that of several instances exactly one polls each org.
 *
 * @param mode                {@code none} (every instance polls), {@code file} (a lock folder shared by the
 *                            instances: one host or a shared volume) or {@code kubernetes} (a Lease per org)
 * @param lockRoot            the folder of the lock files in {@code file} mode
 * @param acquireLockInterval how often a follower checks whether the leader is still there
 * @param kubernetesNamespace the namespace of the Lease (and of the feed's pods) in {@code kubernetes} mode
 * @param podName             this instance's name in the Lease (the pod name)
 * @param podLabels           the labels of the feed's own pods: the candidates for leadership are the pods of the
 *                            namespace that carry all of them
 */
public record HaConfig(String mode, String lockRoot, Duration acquireLockInterval, String kubernetesNamespace,
                       String podName, Map<String, String> podLabels) {

    /** The pod labels of deploy/kubernetes/deployment.yaml. */
    public static final Map<String, String> DEFAULT_POD_LABELS = Map.of("app", "genesys-queue-feed");

    public HaConfig {
        podLabels = Map.copyOf(podLabels);
    }

    public HaConfig(String mode, String lockRoot, Duration acquireLockInterval, String kubernetesNamespace,
                    String podName) {
        this(mode, lockRoot, acquireLockInterval, kubernetesNamespace, podName, DEFAULT_POD_LABELS);
    }

    public boolean enabled() {
        return !"none".equals(mode);
    }
}

package io.github.genesysqueuefeed.ops;

import io.github.genesysqueuefeed.config.HaConfig;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;

/**
 * The cluster service behind the {@code master:} poll timers (Camel Main 4.18 has no properties for it): lock files
 * shared by the instances, or a Kubernetes Lease. A follower checks every {@code acquireLockInterval}; a leader that
 * stops renewing is replaced after about three intervals, within two poll periods at the default interval.
 */
public final class LeaderElection {

    private LeaderElection() {
    }

    /** Registers the cluster service when leader election is on; null when every instance polls. */
    public static CamelClusterService register(CamelContext context, HaConfig ha) {
        if (!ha.enabled()) {
            return null;
        }
        CamelClusterService cluster = clusterService(ha);
        try {
            context.addService(cluster);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the leader-election service", e);
        }
        return cluster;
    }

    static CamelClusterService clusterService(HaConfig ha) {
        long interval = ha.acquireLockInterval().toMillis();
        if ("kubernetes".equals(ha.mode())) {
            KubernetesClusterService kubernetes = new KubernetesClusterService();
            kubernetes.setId("genesys-queue-feed");
            kubernetes.setLeaseResourceType(LeaseResourceType.Lease);
            kubernetes.setKubernetesResourceName("genesys-queue-feed");
            kubernetes.setKubernetesNamespace(ha.kubernetesNamespace());
            kubernetes.setPodName(ha.podName());
            kubernetes.setRetryPeriodMillis(interval);
            kubernetes.setRenewDeadlineMillis(interval * 2);
            kubernetes.setLeaseDurationMillis(interval * 3);
            return kubernetes;
        }
        FileLockClusterService cluster = new FileLockClusterService();
        cluster.setId("genesys-queue-feed");
        cluster.setRoot(ha.lockRoot());
        cluster.setAcquireLockDelay(interval, TimeUnit.MILLISECONDS);
        cluster.setAcquireLockInterval(interval, TimeUnit.MILLISECONDS);
        cluster.setHeartbeatTimeoutMultiplier(3);
        return cluster;
    }
}

package io.github.genesysqueuefeed.ops;

import io.github.genesysqueuefeed.config.HaConfig;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster service behind the {@code master:} poll timers (Camel Main 4.18 has no properties for it): lock files
 * shared by the instances, or a Kubernetes Lease. A follower checks every {@code acquireLockInterval}; a leader that
 * stops renewing is replaced after about three intervals, within two poll periods at the default interval.
 */
public final class LeaderElection {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    private LeaderElection() {
    }

    /** Registers the cluster service when leader election is on; null when every instance polls. */
    public static CamelClusterService register(CamelContext context, HaConfig ha) {
        if (!ha.enabled()) {
            return null;
        }
        CamelClusterService cluster = clusterService(ha);
        if ("kubernetes".equals(ha.mode())) {
            LOG.info("leader election: Lease {} in namespace '{}', held as '{}'; candidates: running, ready pods labelled {}",
                    leaseName("<org>"), ha.kubernetesNamespace(), ha.podName(), ha.podLabels());
        }
        try {
            context.addService(cluster);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the leader-election service", e);
        }
        return cluster;
    }

    /**
     * Camel names a Lease {@code <kubernetesResourceName>-<master namespace>}; the master namespace of an org is its
     * alias ({@code OrgPipelines.leadershipNamespace}), so each org's Lease is {@code genesys-queue-feed-<org>}.
     */
    static final String LEASE_PREFIX = "genesys-queue-feed";

    /** The name of the coordination.k8s.io Lease that decides who polls {@code org} in kubernetes mode. */
    public static String leaseName(String org) {
        return LEASE_PREFIX + "-" + org;
    }

    static CamelClusterService clusterService(HaConfig ha) {
        long interval = ha.acquireLockInterval().toMillis();
        if ("kubernetes".equals(ha.mode())) {
            KubernetesClusterService kubernetes = new KubernetesClusterService();
            kubernetes.setId("genesys-queue-feed");
            kubernetes.setLeaseResourceType(LeaseResourceType.Lease);
            kubernetes.setKubernetesResourceName(LEASE_PREFIX);
            // where the Lease lives and whose pods are listed (setKubernetesNamespace sets the client's namespace,
            // which the lock only falls back to when this one is not set)
            kubernetes.setKubernetesResourcesNamespace(ha.kubernetesNamespace());
            // only the feed's own pods are candidates (and listed on every check), not every pod of the namespace
            kubernetes.setClusterLabels(ha.podLabels());
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

package io.github.genesysqueuefeed.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.genesysqueuefeed.config.HaConfig;
import io.github.genesysqueuefeed.OrgPipelines;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.junit.jupiter.api.Test;

/** The cluster service is configured as documented (KubernetesLeaseTest runs it against an API server). */
class ClusterServiceTest {

    @Test
    void kubernetesModeUsesOneLeaseWhoseDurationIsThreeCheckIntervals() {
        var service = LeaderElection.clusterService(new HaConfig("kubernetes", "ignored", Duration.ofSeconds(5),
                "contact-center", "queue-feed-7d9f-abcde", Map.of("app", "queue-feed", "tier", "ops")));
        KubernetesClusterService kubernetes = assertInstanceOf(KubernetesClusterService.class, service);
        assertEquals(LeaseResourceType.Lease, kubernetes.getLeaseResourceType());
        assertEquals("contact-center", kubernetes.getKubernetesResourcesNamespace(), "the Lease's namespace");
        assertEquals(Map.of("app", "queue-feed", "tier", "ops"), kubernetes.getClusterLabels(), "only the feed's pods");
        assertEquals("queue-feed-7d9f-abcde", kubernetes.getPodName());
        assertEquals(15_000, kubernetes.getLeaseDurationMillis());
        assertEquals(5_000, kubernetes.getRetryPeriodMillis());
    }

    @Test
    void eachOrgsLeaseIsCalledGenesysQueueFeedDashOrg() {
        var kubernetes = (KubernetesClusterService) LeaderElection.clusterService(
                new HaConfig("kubernetes", "ignored", Duration.ofSeconds(5), "default", "pod-1"));
        // Camel names the Lease <resource name>-<master namespace>
        assertEquals("genesys-queue-feed-emea",
                kubernetes.getKubernetesResourceName() + "-" + OrgPipelines.leadershipNamespace("emea"));
        assertEquals("genesys-queue-feed-emea", LeaderElection.leaseName("emea"));
        assertEquals(HaConfig.DEFAULT_POD_LABELS, kubernetes.getClusterLabels());
    }

    @Test
    void fileModeChecksTheLeaderEveryInterval() {
        var service = LeaderElection.clusterService(
                new HaConfig("file", "/var/lib/queue-feed/locks", Duration.ofSeconds(5), "default", "host-1"));
        FileLockClusterService file = assertInstanceOf(FileLockClusterService.class, service);
        assertEquals("/var/lib/queue-feed/locks", file.getRoot());
        assertEquals(5_000, file.getAcquireLockInterval());
    }
}

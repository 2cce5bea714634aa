package io.github.genesysqueuefeed.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.genesysqueuefeed.config.HaConfig;
import java.time.Duration;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.junit.jupiter.api.Test;

/** There is no Kubernetes API server here; what can be checked is that the Lease is configured as documented. */
class ClusterServiceTest {

    @Test
    void kubernetesModeUsesOneLeaseWhoseDurationIsThreeCheckIntervals() {
        var service = LeaderElection.clusterService(
                new HaConfig("kubernetes", "ignored", Duration.ofSeconds(5), "contact-center", "queue-feed-7d9f-abcde"));
        KubernetesClusterService kubernetes = assertInstanceOf(KubernetesClusterService.class, service);
        assertEquals(LeaseResourceType.Lease, kubernetes.getLeaseResourceType());
        assertEquals("genesys-queue-feed", kubernetes.getKubernetesResourceName());
        assertEquals("contact-center", kubernetes.getKubernetesNamespace());
        assertEquals("queue-feed-7d9f-abcde", kubernetes.getPodName());
        assertEquals(15_000, kubernetes.getLeaseDurationMillis());
        assertEquals(5_000, kubernetes.getRetryPeriodMillis());
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

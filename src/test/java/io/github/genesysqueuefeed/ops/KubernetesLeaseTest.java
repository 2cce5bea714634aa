package io.github.genesysqueuefeed.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.github.genesysqueuefeed.FeedApplication;
import io.github.genesysqueuefeed.support.Feed;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.KafkaTestBroker;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * feed.ha.mode=kubernetes against a Kubernetes API server in this JVM (fabric8's mock server in CRUD mode, which
 * stores what it is sent): the feed, as deploy/kubernetes configures it, creates the Lease
 * {@code genesys-queue-feed-<org>} in its namespace, lists only its own pods, becomes leader and polls, asking the
 * API server for nothing that deploy/kubernetes/rbac.yaml does not grant.
 */
class KubernetesLeaseTest {

    private static final String NAMESPACE = "contact-center";
    private static final String POD = "genesys-queue-feed-7d9f-abcde";
    private static final List<String> IDS = List.of("6e3c2d6e-0000-4000-8000-000000000001");
    private static KubernetesMockServer kubernetes;
    private static KubernetesClient client;
    private static KafkaTestBroker broker;
    private static WireMockServer genesys;
    // the mock server logs every request through java.util.logging; held here, as JUL keeps loggers weakly
    private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    @BeforeAll
    static void start() {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        kubernetes = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        kubernetes.init();
        client = kubernetes.createClient();
        // the feed's own pod, as the Deployment labels it, and a neighbour that is not a candidate (Camel counts only
        // running and ready pods as members)
        runningPod(POD, "genesys-queue-feed");
        runningPod("postgres-0", "postgres");
        broker = KafkaTestBroker.start();
        broker.createTopics("k8s-status");
        genesys = new WireMockServer(wireMockConfig().dynamicPort());
        genesys.start();
        GenesysStubs.token(genesys, "k8s-token", 3600);
        GenesysStubs.queueNames(genesys, Map.of());
        GenesysStubs.observationsForBatch(genesys, IDS.get(0), GenesysStubs.observationsBody(IDS));
    }

    /** A running, ready pod: the API server keeps status apart from the pod, so it is set as a kubelet sets it. */
    private static void runningPod(String name, String app) {
        Pod pod = client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(name)
                .addToLabels("app", app).endMetadata().build()).create();
        pod.setStatus(new PodStatusBuilder().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().build());
        client.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();
    }

    /** The requests the API server received since the last call, as "METHOD /path?query" (decoded). */
    private static List<String> requests() throws InterruptedException {
        List<String> requests = new ArrayList<>();
        RecordedRequest request;
        while ((request = kubernetes.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            requests.add(request.getMethod() + " " + URLDecoder.decode(request.getPath(), StandardCharsets.UTF_8));
        }
        return requests;
    }

    /** The RBAC permission ("resource:verb") a request needs. */
    private static String permission(String request) {
        String method = request.substring(0, request.indexOf(' '));
        String path = request.substring(request.indexOf(' ') + 1).replaceFirst("\\?.*", "");
        String[] parts = path.split("/");
        int resourceAt = java.util.Arrays.asList(parts).indexOf("namespaces") + 2;
        String resource = parts[resourceAt];
        boolean named = parts.length > resourceAt + 1;
        String verb = switch (method) {
            case "GET" -> named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> method;
        };
        return resource + ":" + verb;
    }

    @AfterAll
    static void stop() {
        genesys.stop();
        broker.close();
        client.close();
        kubernetes.destroy();
    }

    @Test
    void leaseModeCreatesTheOrgsLeaseInTheConfiguredNamespaceAndPolls() throws Exception {
        Map<String, String> config = Feed.baseConfig(genesys.baseUrl(), "k8s-client", "k8s-secret",
                broker.bootstrapServers());
        config.put("genesys.queue-ids", IDS.get(0));
        config.put("genesys.poll-period", "1s");
        config.put("kafka.topic.status", "k8s-status");
        config.put("feed.ha.mode", "kubernetes");
        config.put("feed.ha.kubernetes.namespace", NAMESPACE);
        config.put("feed.ha.kubernetes.pod-name", POD);
        // in a pod the client finds the API server and its token by itself; here it is told where the server is
        Map<String, String> clientSettings = Map.of(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY, kubernetes.url("/"),
                Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false",
                Config.KUBERNETES_AUTH_TRYSERVICEACCOUNT_SYSTEM_PROPERTY, "false",
                Config.KUBERNETES_NAMESPACE_SYSTEM_PROPERTY, "default");
        clientSettings.forEach(System::setProperty);
        FeedApplication feed = null;
        try {
            requests(); // the set-up's own
            feed = Feed.start(config);
            Instant deadline = Instant.now().plusSeconds(20);
            while (genesys.findAll(postRequestedFor(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH))).isEmpty()) {
                assertTrue(Instant.now().isBefore(deadline), "the only candidate becomes leader and polls");
                Thread.sleep(50);
            }
            List<String> feedRequests = requests();
            Lease lease = client.leases().inNamespace(NAMESPACE).withName("genesys-queue-feed-default").get();
            assertNotNull(lease, "the Lease is genesys-queue-feed-<org> in feed.ha.kubernetes.namespace");
            assertEquals(POD, lease.getSpec().getHolderIdentity());
            assertEquals(List.of("genesys-queue-feed-default"), client.leases().inAnyNamespace().list().getItems()
                    .stream().map(l -> l.getMetadata().getName()).toList(), "one Lease per org, nowhere else");
            assertNull(client.leases().inNamespace("default").withName("genesys-queue-feed-default").get());

            List<String> podQueries = feedRequests.stream().filter(r -> r.startsWith("GET /api/v1/")).toList();
            assertTrue(podQueries.stream().anyMatch(p -> p.startsWith("GET /api/v1/namespaces/" + NAMESPACE + "/pods?")),
                    "the feed lists the pods of its namespace: " + feedRequests);
            assertTrue(podQueries.stream().allMatch(p -> p.contains("labelSelector=app=genesys-queue-feed")),
                    "only the feed's own pods, by label: " + podQueries);
            Set<String> allowed = DeployManifestsTest.roleGrants();
            for (String request : feedRequests) {
                assertTrue(allowed.contains(permission(request)),
                        request + " needs " + permission(request) + ", which deploy/kubernetes/rbac.yaml does not grant");
            }
        } finally {
            if (feed != null) {
                feed.stop();
            }
            clientSettings.keySet().forEach(System::clearProperty);
        }
    }
}

package io.github.genesysqueuefeed.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.config.ConfigSource;
import io.github.genesysqueuefeed.support.Feed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * deploy/ must describe the application that exists: its keys, its ports, its health paths, its jar, the permissions
 * and labels leader election uses, and the same image whichever way it is built (Dockerfile or Jib).
 */
class DeployManifestsTest {

    private static final Path KUBERNETES = Path.of("deploy/kubernetes");

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents() throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(file))) {
                    if (doc != null) {
                        docs.add((Map<String, Object>) doc);
                    }
                }
            }
        }
        return docs;
    }

    private static Map<String, Object> kind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).findFirst().orElseThrow(() -> new AssertionError("no " + kind));
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object current = node;
        for (String step : path) {
            current = current instanceof List<?> list ? list.get(Integer.parseInt(step)) : ((Map<String, Object>) current).get(step);
        }
        return (T) current;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDeploymentProbesTheHealthPathsOnTheManagementPortWithTwoReplicas() throws IOException {
        Map<String, String> defaults = Feed.defaults();
        Map<String, Object> deployment = kind(documents(), "Deployment");
        assertEquals(2, (Integer) at(deployment, "spec", "replicas"));
        Map<String, Object> container = at(deployment, "spec", "template", "spec", "containers", "0");
        assertEquals(Integer.parseInt(defaults.get("camel.management.port")), (Integer) at(container, "ports", "0", "containerPort"));
        assertEquals("/observe/health/live", at(container, "livenessProbe", "httpGet", "path"));
        assertEquals("/observe/health/ready", at(container, "readinessProbe", "httpGet", "path"));
        assertEquals("/observe/metrics", at(deployment, "spec", "template", "metadata", "annotations", "prometheus.io/path"));
        assertEquals(true, at(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyEnvironmentVariableTheManifestsSetIsAConfigurationKey() throws IOException {
        Set<String> known = Feed.defaults().keySet().stream().map(ConfigSource::envName).collect(Collectors.toSet());
        List<Map<String, Object>> docs = documents();
        List<String> names = new ArrayList<>();
        docs.stream().filter(d -> "ConfigMap".equals(d.get("kind")) && d.get("data") != null)
                .forEach(d -> names.addAll(((Map<String, Object>) d.get("data")).keySet()));
        names.addAll(((Map<String, Object>) kind(docs, "Secret").get("stringData")).keySet());
        List<Map<String, Object>> env = at(kind(docs, "Deployment"), "spec", "template", "spec", "containers", "0", "env");
        env.forEach(e -> names.add((String) e.get("name")));
        for (String name : names) {
            assertTrue(known.contains(name) || name.equals("JAVA_TOOL_OPTIONS"), name + " is not a configuration key");
        }
        assertTrue(names.contains("GENESYS_CLIENT_SECRET") && names.contains("FEED_HA_MODE"));
    }

    /** What the Role grants, as "resource:verb" (KubernetesLeaseTest checks every request of Lease mode against it). */
    @SuppressWarnings("unchecked")
    static Set<String> roleGrants() throws IOException {
        Map<String, Object> role = kind(documents(), "Role");
        Set<String> grants = new java.util.TreeSet<>();
        for (Map<String, Object> rule : (List<Map<String, Object>>) role.get("rules")) {
            for (String resource : (List<String>) rule.get("resources")) {
                ((List<String>) rule.get("verbs")).forEach(verb -> grants.add(resource + ":" + verb));
            }
        }
        return grants;
    }

    @Test
    void leaderElectionMayManageLeasesAndListPodsAndNothingElse() throws IOException {
        assertEquals(Set.of("leases:get", "leases:create", "leases:update", "pods:list"), roleGrants());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDeploymentGivesLeaderElectionItsNamespacePodNameAndPodLabels() throws IOException {
        Map<String, Object> deployment = kind(documents(), "Deployment");
        List<Map<String, Object>> env = at(deployment, "spec", "template", "spec", "containers", "0", "env");
        Map<String, String> fromDownwardApi = new java.util.HashMap<>();
        env.stream().filter(e -> e.get("valueFrom") != null).forEach(e -> fromDownwardApi.put((String) e.get("name"),
                at(e, "valueFrom", "fieldRef", "fieldPath")));
        assertEquals("metadata.namespace", fromDownwardApi.get("FEED_HA_KUBERNETES_NAMESPACE"));
        assertEquals("metadata.name", fromDownwardApi.get("FEED_HA_KUBERNETES_POD_NAME"));
        Map<String, String> podLabels = at(deployment, "spec", "template", "metadata", "labels");
        String configured = Feed.defaults().get("feed.ha.kubernetes.pod-labels");
        for (String pair : configured.split(",")) {
            String[] kv = pair.trim().split("=", 2);
            assertEquals(kv[1], podLabels.get(kv[0]), "the pods carry feed.ha.kubernetes.pod-labels " + configured);
        }
        String manifest = Files.readString(KUBERNETES.resolve("deployment.yaml"));
        assertTrue(manifest.contains("A follower") && manifest.contains("is ready too"),
                "the readiness comment says what FeedReadinessCheck does: a follower is ready");
    }

    @Test
    void theJibImageRunsLikeTheDockerfile() throws Exception {
        String dockerfile = Files.readString(Path.of("deploy/Dockerfile"));
        var pom = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile());
        var xpath = javax.xml.xpath.XPathFactory.newInstance().newXPath();
        String jib = "//profile[id='image']//plugin[artifactId='jib-maven-plugin']/configuration/";
        assertEquals("eclipse-temurin:17-jre", xpath.evaluate(jib + "from/image", pom));
        assertTrue(dockerfile.contains("FROM eclipse-temurin:17-jre"), "the same base");
        String user = xpath.evaluate(jib + "container/user", pom);
        assertTrue(dockerfile.contains("USER " + user), "the same non-root user " + user);
        String workdir = xpath.evaluate(jib + "container/workingDirectory", pom);
        assertTrue(dockerfile.contains("WORKDIR " + workdir), "the same working directory " + workdir);
        var flags = (org.w3c.dom.NodeList) xpath.evaluate(jib + "container/jvmFlags/jvmFlag", pom,
                javax.xml.xpath.XPathConstants.NODESET);
        StringBuilder jvmFlags = new StringBuilder();
        for (int i = 0; i < flags.getLength(); i++) {
            jvmFlags.append('"').append(flags.item(i).getTextContent()).append("\", ");
        }
        assertTrue(flags.getLength() > 0 && dockerfile.contains("ENTRYPOINT [\"java\", " + jvmFlags + "\"-jar\""),
                "the same JVM flags, in the entrypoint: " + jvmFlags);
        assertFalse(dockerfile.contains("JAVA_TOOL_OPTIONS="), "JAVA_TOOL_OPTIONS is left to the operator");
        assertEquals("/app/routes", xpath.evaluate(jib + "extraDirectories/paths/path[from='${project.basedir}/routes']/into", pom));
        assertEquals("/app/config", xpath.evaluate(jib + "extraDirectories/paths/path[from='${project.basedir}/config']/into", pom));
        assertTrue(dockerfile.contains("COPY routes/ /app/routes/") && dockerfile.contains("COPY config/ /app/config/"));
    }

    @Test
    void theImageRunsTheShadedJarAsNonRoot() throws IOException {
        String dockerfile = Files.readString(Path.of("deploy/Dockerfile"));
        String pom = Files.readString(Path.of("pom.xml"));
        assertTrue(pom.contains("<finalName>${project.artifactId}</finalName>") && dockerfile.contains("target/genesys-queue-feed.jar"));
        assertTrue(dockerfile.contains("USER 10001") && dockerfile.contains("EXPOSE 9876"));
        String defaults = Feed.defaults().get("alerts.rules-file");
        assertTrue(dockerfile.contains("COPY " + defaults.substring(0, defaults.indexOf('/') + 1)),
                "the image carries the default alert rules at " + defaults);
        assertTrue(dockerfile.contains("COPY routes/"), "and the routes");
    }
}

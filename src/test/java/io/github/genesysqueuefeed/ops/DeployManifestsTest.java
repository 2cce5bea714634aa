package io.github.genesysqueuefeed.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** deploy/ must describe the application that exists: its keys, its ports, its health paths, its jar. */
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

    @Test
    @SuppressWarnings("unchecked")
    void leaderElectionMayManageLeases() throws IOException {
        Map<String, Object> role = kind(documents(), "Role");
        List<Map<String, Object>> rules = (List<Map<String, Object>>) role.get("rules");
        assertTrue(rules.stream().anyMatch(r -> ((List<String>) r.get("resources")).contains("leases")
                && ((List<String>) r.get("verbs")).containsAll(List.of("get", "create", "update"))));
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

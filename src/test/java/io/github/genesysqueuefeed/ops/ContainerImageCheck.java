package io.github.genesysqueuefeed.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.FeedApplication;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container image Jib wrote (target/jib-image.tar, {@code ./mvnw -B -Pimage verify -DskipTests}), read back
 * like a registry would: it runs the feed as the Dockerfile's non-root user with the Dockerfile's JVM flags, from a
 * working directory that holds routes/ and config/, and sets no environment of its own. Runs only in the image
 * profile (the name does not end in Test), after the tarball is built.
 */
class ContainerImageCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode config;
    private static Map<String, byte[]> files;

    @BeforeAll
    static void readTarball() throws IOException {
        Path tarball = Path.of(System.getProperty("image.tarball", "target/jib-image.tar"));
        Map<String, byte[]> outer = entries(Files.newInputStream(tarball));
        JsonNode manifest = JSON.readTree(outer.get("manifest.json")).get(0);
        config = JSON.readTree(outer.get(manifest.get("Config").asText())).get("config");
        files = new HashMap<>();
        for (JsonNode layer : manifest.get("Layers")) {
            files.putAll(entries(new GzipCompressorInputStream(new ByteArrayInputStream(outer.get(layer.asText())))));
        }
    }

    /** Every file of a tar stream by name (without a leading "/"). */
    private static Map<String, byte[]> entries(InputStream in) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile()) {
                    entries.put(entry.getName().replaceFirst("^/", ""), tar.readAllBytes());
                }
            }
        }
        return entries;
    }

    /** The Dockerfile's ENTRYPOINT flags: the two ways of building the image must run the same JVM. */
    private static List<String> dockerfileJvmFlags() throws IOException {
        Matcher entrypoint = Pattern.compile("ENTRYPOINT \\[(.*)]").matcher(Files.readString(Path.of("deploy/Dockerfile")));
        assertTrue(entrypoint.find(), "deploy/Dockerfile has an exec-form ENTRYPOINT");
        List<String> flags = new ArrayList<>();
        for (String part : entrypoint.group(1).split(",")) {
            String arg = part.trim().replaceAll("^\"|\"$", "");
            if (arg.startsWith("-XX:") || arg.startsWith("-Xm")) {
                flags.add(arg);
            }
        }
        return flags;
    }

    @Test
    void runsAsTheDockerfilesNonRootUser() {
        assertEquals("10001:10001", config.get("User").asText());
    }

    @Test
    void theEntrypointStartsTheFeedWithTheDockerfilesJvmFlags() throws IOException {
        List<String> entrypoint = new ArrayList<>();
        config.get("Entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
        List<String> expected = new ArrayList<>(List.of("java"));
        expected.addAll(dockerfileJvmFlags());
        expected.addAll(List.of("-cp", "@/app/jib-classpath-file", FeedApplication.class.getName()));
        assertEquals(expected, entrypoint);
        assertTrue(config.path("Cmd").isMissingNode() || config.get("Cmd").isNull() || config.get("Cmd").isEmpty(),
                "no arguments: the feed is configured by environment variables");
        assertTrue(config.get("ExposedPorts").has("9876/tcp"), "the management port");
    }

    @Test
    void everyClasspathEntryIsInTheImage() {
        String classpath = new String(files.get("app/jib-classpath-file"), StandardCharsets.UTF_8).trim();
        Set<String> missing = new HashSet<>();
        for (String entry : classpath.split(":")) {
            String path = entry.replaceFirst("^/", "");
            boolean present = path.endsWith(".jar") ? files.containsKey(path)
                    : files.keySet().stream().anyMatch(f -> f.startsWith(path + "/"));
            if (!present) {
                missing.add(entry);
            }
        }
        assertTrue(missing.isEmpty(), "classpath entries missing from the layers: " + missing);
        assertTrue(files.containsKey("app/classes/" + FeedApplication.class.getName().replace('.', '/') + ".class"));
        assertTrue(files.containsKey("app/resources/application.properties"));
    }

    @Test
    void theWorkingDirectoryHoldsTheRoutesAndTheAlertRules() throws IOException {
        assertEquals("/app", config.get("WorkingDir").asText());
        // application.properties reads both relative to the working directory
        try (var routes = Files.list(Path.of("routes"))) {
            for (Path route : routes.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                assertTrue(files.containsKey("app/routes/" + route.getFileName()), "the image carries " + route);
            }
        }
        assertTrue(files.containsKey("app/config/alert-rules.yaml"), "and config/alert-rules.yaml");
    }

    @Test
    void theImageSetsNoEnvironmentOfItsOwn() {
        List<String> env = new ArrayList<>();
        config.path("Env").forEach(e -> env.add(e.asText()));
        // the JVM flags are in the entrypoint, so JAVA_TOOL_OPTIONS stays free for the operator's own flags; the
        // feed's keys come from the Deployment (or docker run -e), never baked in
        assertFalse(env.stream().anyMatch(e -> e.startsWith("JAVA_TOOL_OPTIONS=")), env.toString());
        assertFalse(env.stream().anyMatch(e -> e.startsWith("GENESYS_") || e.startsWith("KAFKA_")), env.toString());
    }
}

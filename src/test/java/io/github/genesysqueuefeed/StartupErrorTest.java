package io.github.genesysqueuefeed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees when the deployment is misconfigured: the real main class in its own JVM, so exit
 * code, stderr and the absence of a stack trace are checked as a container runtime would see them.
 */
class StartupErrorTest {

    private static final String SECRET = "Proc3ss-Level-S3cret-77";

    @TempDir
    Path workDir;

    private record Outcome(int exitCode, String stdout, String stderr) {
    }

    private Outcome run(Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // a JVM that lives a few seconds: C1 only and the serial collector start it in about 40 % less CPU (JIT and GC
        // threads are most of a short run's work); what is checked (exit code, stderr) does not depend on either
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), FeedApplication.class.getName());
        // whatever the developer's or CI's shell exports must not decide the outcome
        pb.environment().keySet().removeIf(name -> name.startsWith("GENESYS_") || name.startsWith("KAFKA_")
                || name.startsWith("CAMEL_"));
        pb.environment().putAll(env);
        pb.directory(workDir.toFile());
        File out = workDir.resolve("stdout.txt").toFile();
        File err = workDir.resolve("stderr.txt").toFile();
        pb.redirectOutput(out);
        pb.redirectError(err);
        Process process = pb.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("the feed did not stop on a configuration error within 60 s; stderr: " + read(err));
        }
        return new Outcome(process.exitValue(), read(out), read(err));
    }

    private static void copyFolder(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName().toString()));
            }
        }
    }

    private static String read(File file) throws Exception {
        return Files.readString(file.toPath(), StandardCharsets.UTF_8);
    }

    private static void assertOneLineConfigError(Outcome outcome, String key) {
        List<String> lines = outcome.stderr().lines().toList();
        assertEquals(2, outcome.exitCode(), "exit code 2 means configuration error; stderr: " + outcome.stderr());
        assertEquals(1, lines.size(), "exactly one line on stderr:\n" + outcome.stderr());
        assertTrue(lines.get(0).startsWith("genesys-queue-feed: configuration error: " + key), lines.get(0));
        assertTrue(lines.get(0).contains("example"), lines.get(0));
        assertFalse(outcome.stderr().contains("Exception"), outcome.stderr());
        assertFalse(outcome.stderr().contains("\tat "), "no stack trace: " + outcome.stderr());
        assertFalse(outcome.stderr().contains(SECRET) || outcome.stdout().contains(SECRET), "the secret leaked");
    }

    @Test
    void missingClientIdStopsWithOneLineAndExitCode2() throws Exception {
        Outcome outcome = run(Map.of("GENESYS_REGION", "mypurecloud.com"));

        assertOneLineConfigError(outcome, "genesys.client-id");
    }

    @Test
    void badPollPeriodStopsWithOneLineAndExitCode2() throws Exception {
        Outcome outcome = run(Map.of(
                "GENESYS_REGION", "mypurecloud.com",
                "GENESYS_CLIENT_ID", "0a1b2c3d-1111-4222-8333-444455556666",
                "GENESYS_CLIENT_SECRET", SECRET,
                "GENESYS_POLL_PERIOD", "abc"));

        assertOneLineConfigError(outcome, "genesys.poll-period");
        assertTrue(outcome.stderr().contains("'abc'"), "echoes the bad value: " + outcome.stderr());
    }

    @Test
    void startingOutsideTheFeedsFolderSaysWhereTheRoutesAreLookedFor() throws Exception {
        Outcome outcome = run(Map.of(
                "GENESYS_REGION", "mypurecloud.com",
                "GENESYS_CLIENT_ID", "0a1b2c3d-1111-4222-8333-444455556666",
                "GENESYS_CLIENT_SECRET", SECRET,
                "GENESYS_QUEUE_IDS", "1f3c2d6e-0000-4000-8000-000000000001",
                "CAMEL_MANAGEMENT_PORT", "0"));

        assertEquals(1, outcome.exitCode(), outcome.stderr());
        assertTrue(outcome.stderr().lines().anyMatch(l -> l.startsWith("genesys-queue-feed: start-up failed: no such "
                + "file or folder: routes (the YAML routes are read from routes/")), outcome.stderr());
    }

    @Test
    void anUnresolvableKafkaBrokerStopsStartUpWithOneLineNamingTheKey() throws Exception {
        copyFolder(Path.of("routes"), workDir.resolve("routes"));
        Outcome outcome = run(Map.of(
                "GENESYS_REGION", "mypurecloud.com",
                "GENESYS_CLIENT_ID", "0a1b2c3d-1111-4222-8333-444455556666",
                "GENESYS_CLIENT_SECRET", SECRET,
                "GENESYS_QUEUE_IDS", "1f3c2d6e-0000-4000-8000-000000000001",
                "KAFKA_BROKERS", "no-such-broker.invalid:9092",
                "CAMEL_MANAGEMENT_PORT", "0"));

        assertEquals(1, outcome.exitCode(), outcome.stderr());
        // Camel logs its own details around it; the one line for the operator is there, whole
        assertTrue(outcome.stderr().lines().anyMatch(("genesys-queue-feed: start-up failed: No resolvable bootstrap "
                + "urls given in bootstrap.servers (kafka.brokers=no-such-broker.invalid:9092)")::equals), outcome.stderr());
        assertFalse(outcome.stderr().contains(SECRET) || outcome.stdout().contains(SECRET), "the secret leaked");
    }
    @Test
    void aSecretPastedIntoTheWrongKeyIsNotEchoed() throws Exception {
        // the org's own secret in the poll period: registered before validation, so masked
        Outcome own = run(Map.of(
                "GENESYS_REGION", "mypurecloud.com",
                "GENESYS_CLIENT_ID", "0a1b2c3d-1111-4222-8333-444455556666",
                "GENESYS_CLIENT_SECRET", SECRET,
                "GENESYS_POLL_PERIOD", SECRET));
        assertOneLineConfigError(own, "genesys.poll-period");
        assertTrue(own.stderr().contains("'******' is not a duration"), own.stderr());

        // a secret the feed does not know (another client's, a token): long values are not echoed at all
        String unknown = "x7Rk2LmQ9vT4wZ8bN3cF6hJ1pS5dG0aE2yU7iO4kW9m";
        Outcome other = run(Map.of(
                "GENESYS_REGION", "mypurecloud.com",
                "GENESYS_CLIENT_ID", "0a1b2c3d-1111-4222-8333-444455556666",
                "GENESYS_CLIENT_SECRET", SECRET,
                "GENESYS_POLL_PERIOD", unknown));
        assertOneLineConfigError(other, "genesys.poll-period");
        assertFalse(other.stderr().contains(unknown.substring(0, 8)), other.stderr());
        assertTrue(other.stderr().contains("'<43 characters, not shown>' is not a duration"), other.stderr());
    }

    @Test
    void withLogFormatJsonTheStartUpLogIsJsonAndUrlPasswordsAreMasked() throws Exception {
        copyFolder(Path.of("routes"), workDir.resolve("routes"));
        Outcome outcome = run(Map.of(
                "LOG_FORMAT", "json",
                "GENESYS_API_URL", "https://feed:Url-Pa55word@api.example.test",
                "GENESYS_LOGIN_URL", "https://feed:Url-Pa55word@login.example.test",
                "GENESYS_CLIENT_ID", "0a1b2c3d-1111-4222-8333-444455556666",
                "GENESYS_CLIENT_SECRET", SECRET,
                "GENESYS_QUEUE_IDS", "1f3c2d6e-0000-4000-8000-000000000001",
                "KAFKA_BROKERS", "no-such-broker.invalid:9092",
                "CAMEL_MANAGEMENT_PORT", "0"));

        assertEquals(1, outcome.exitCode(), outcome.stderr());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> logLines = outcome.stderr().lines()
                .filter(line -> !line.startsWith("genesys-queue-feed: ")).toList(); // the operator's own line
        assertFalse(logLines.isEmpty(), outcome.stderr());
        for (String line : logLines) {
            assertTrue(json.readTree(line).has("level"), "not a JSON log line: " + line);
        }
        assertTrue(logLines.stream().anyMatch(l -> l.contains("api https://feed:******@api.example.test")), outcome.stderr());
        assertFalse(outcome.stderr().contains("Url-Pa55word"), outcome.stderr());
        assertFalse(outcome.stderr().contains(SECRET), outcome.stderr());
    }
}

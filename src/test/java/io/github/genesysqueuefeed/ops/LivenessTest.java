package io.github.genesysqueuefeed.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.FeedApplication;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.genesysqueuefeed.support.Feed;
import io.github.genesysqueuefeed.support.FeedTestEnvironment;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.LogCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * /observe/health/live as the kubelet reads it: DOWN (503, with the reason) when the feed is stuck or an Error hit it,
 * UP while Genesys merely fails (that is readiness' business, a restart would not help).
 */
class LivenessTest {

    private static final List<String> IDS = List.of("5c3c2d6e-0000-4000-8000-000000000001");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final FeedTestEnvironment env = new FeedTestEnvironment();

    @BeforeEach
    void stubGenesys() {
        GenesysStubs.token(env.genesys(), "live-token", 3600);
        GenesysStubs.queueNames(env.genesys(), Map.of());
    }

    /** A step ops could add to routes/*.yaml; here it stands for an OutOfMemoryError on a batch thread. */
    public static final class ThrowsOutOfMemory {
        public void boom() {
            throw new OutOfMemoryError("test: batch buffer");
        }
    }

    private Map<String, String> config(String pollPeriod) {
        Map<String, String> config = env.baseConfig("live-client", "live-secret");
        config.put("genesys.queue-ids", IDS.get(0));
        config.put("genesys.poll-period", pollPeriod);
        config.put("genesys.retry.max-attempts", "1");
        config.put("kafka.topic.status", "live-" + UUID.randomUUID());
        return config;
    }

    @Test
    void anErrorOnABatchThreadIsLoggedOnceAndMakesLivenessFailWhileLaterSnapshotsStillRun(@TempDir Path routes)
            throws Exception {
        GenesysStubs.observationsForBatch(env.genesys(), IDS.get(0), GenesysStubs.observationsBody(IDS));
        String shipped = Files.readString(Path.of("routes/queue-feed.yaml"));
        String step = "              - to: direct:observe-batch";
        assertTrue(shipped.contains(step), "routes/queue-feed.yaml no longer contains " + step);
        Files.writeString(routes.resolve("queue-feed.yaml"), shipped.replace(step,
                "              - bean:\n                  beanType: " + ThrowsOutOfMemory.class.getName()
                        + "\n                  method: boom\n" + step));
        Map<String, String> config = config("300ms");
        config.put("camel.main.routes-include-pattern", "file:" + routes + "/*.yaml");
        config.put("camel.main.routes-reload-directory", routes.toString());

        try (LogCapture log = LogCapture.start()) {
            FeedApplication feed = env.start(config);
            HttpResponse<String> live = getUntil(feed, "/observe/health/live",
                    r -> r.statusCode() == 503 && r.body().contains("OutOfMemoryError"), Duration.ofSeconds(30));
            assertTrue(live.body().contains("\"feed\"") && live.body().contains("OutOfMemoryError: test: batch buffer")
                    && live.body().contains("org 'default'"), "the body says what hit where: " + live.body());

            // the snapshot that hit the Error ended as failed: later ticks start snapshots again, never
            // "previous snapshot still running" forever
            waitFor(() -> feed.orgs().get("default").stats().snapshotsFailed.get() >= 3, Duration.ofSeconds(20),
                    "later snapshots run (and fail) after the Error");
            assertEquals(503, get(feed, "/observe/health/live").statusCode(), "an Error keeps liveness DOWN");
            // each snapshot threw a new Error: one line each, no stack traces, no second report by Camel or the runner
            long failed = feed.orgs().get("default").stats().snapshotsFailed.get();
            long lines = log.lines().stream().filter(l -> l.contains("OutOfMemoryError")).count();
            assertTrue(lines >= 3 && lines <= failed + 1, "each Error logged once, in one line (" + failed
                    + " failed snapshots):\n" + log.linesContaining("OutOfMemoryError"));
            String line = log.lines().stream().filter(l -> l.contains("OutOfMemoryError")).findFirst().orElseThrow();
            assertTrue(line.contains("org 'default'") && line.contains("route 'queue-snapshot'") && line.contains("ERROR")
                    && line.contains(ThrowsOutOfMemory.class.getSimpleName() + ".boom"), line);
        }
    }

    @Test
    void aSnapshotThatHangsLongerThanTheStuckThresholdMakesLivenessFail() throws Exception {
        // Genesys answers after 6 s, the read timeout is 10 s: nothing moves for longer than 3 periods of 300 ms
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH))
                .willReturn(GenesysStubs.json(GenesysStubs.observationsBody(IDS)).withFixedDelay(6_000)));
        Map<String, String> config = config("300ms");
        config.put("feed.liveness.stuck-after", "3");
        config.put("genesys.http.read-timeout", "10s");
        try (LogCapture log = LogCapture.start()) {
            FeedApplication feed = env.start(config);

            HttpResponse<String> live = getUntil(feed, "/observe/health/live", r -> r.statusCode() == 503,
                    Duration.ofSeconds(10));
            assertTrue(live.body().contains("progress-default") && live.body().contains("stuck")
                            && live.body().contains("more than 3 poll periods (900ms)"),
                    "the body says which org is stuck and for how long: " + live.body());
            assertTrue(log.linesContaining("/observe/health/live is DOWN").contains("org 'default': stuck"),
                    "the log says why the pod is about to be restarted: " + log.linesContaining("stuck"));
            // the answer comes: the feed moves again, and so does liveness
            getUntil(feed, "/observe/health/live", r -> r.statusCode() == 200, Duration.ofSeconds(10));
        }
    }

    @Test
    void livenessStaysUpWhileTheCircuitIsOpen() throws Exception {
        env.genesys().stubFor(post(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH))
                .willReturn(aResponse().withStatus(503)));
        Map<String, String> config = config("200ms");
        config.put("feed.liveness.stuck-after", "2");
        config.put("genesys.circuit.failure-threshold", "1");
        config.put("genesys.circuit.open-period", "1h");
        FeedApplication feed = env.start(config);

        waitFor(() -> feed.orgs().get("default").circuit().getState() == CircuitBreaker.State.OPEN,
                Duration.ofSeconds(20), "the circuit opens");
        // ticks go on being skipped by the open circuit for many times the stuck threshold (400 ms)
        long skipped = feed.orgs().get("default").stats().snapshotsSkippedCircuit.get();
        waitFor(() -> feed.orgs().get("default").stats().snapshotsSkippedCircuit.get() >= skipped + 8,
                Duration.ofSeconds(10), "ticks skipped by the open circuit");
        HttpResponse<String> live = get(feed, "/observe/health/live");
        assertEquals(200, live.statusCode(), "Genesys down is not a reason to restart: " + live.body());
    }

    @Test
    void aRouteThatNoLongerRunsMakesLivenessFailUntilItRunsAgain() throws Exception {
        GenesysStubs.observationsForBatch(env.genesys(), IDS.get(0), GenesysStubs.observationsBody(IDS));
        FeedApplication feed = env.start(config("1h"));
        getUntil(feed, "/observe/health/live", r -> r.statusCode() == 200, Duration.ofSeconds(20));

        // what a reload that cannot be rolled back leaves behind: the feed cannot publish any more
        feed.camelContext().getRouteController().stopRoute("publish-queue-status");
        HttpResponse<String> live = get(feed, "/observe/health/live");
        assertEquals(503, live.statusCode(), live.body());
        assertTrue(live.body().contains("routes not running: route 'publish-queue-status' Stopped"), live.body());

        feed.camelContext().getRouteController().startRoute("publish-queue-status");
        assertEquals(200, get(feed, "/observe/health/live").statusCode());
    }

    private static HttpResponse<String> get(FeedApplication feed, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(Feed.managementUrl(feed) + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> getUntil(FeedApplication feed, String path, Predicate<HttpResponse<String>> done,
                                                 Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        HttpResponse<String> response = get(feed, path);
        while (!done.test(response)) {
            assertTrue(Instant.now().isBefore(deadline), path + " never got there; last: " + response.statusCode()
                    + " " + response.body());
            Thread.sleep(100); // poll-until: the probe is what changes
            response = get(feed, path);
        }
        return response;
    }

    private static void waitFor(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "timed out waiting for: " + what);
            Thread.sleep(50);
        }
    }
}

package io.github.genesysqueuefeed.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.FeedApplication;
import io.github.genesysqueuefeed.support.Feed;
import io.github.genesysqueuefeed.support.FeedTestEnvironment;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.LogCapture;
import io.github.genesysqueuefeed.support.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ops edit routes/*.yaml on a running feed: a good edit takes effect without a restart, a broken one (a syntax error,
 * or valid YAML whose routes cannot start) is rolled back and the feed keeps publishing.
 */
class RouteReloadTest {

    private static final List<String> IDS = List.of("4c3c2d6e-0000-4000-8000-000000000001");

    @RegisterExtension
    static final FeedTestEnvironment env = new FeedTestEnvironment();

    @BeforeAll
    static void createTopics() {
        env.broker().createTopics("before-edit", "after-edit", "before-broken-edit", "after-fixed-edit", "policy-dead-letters");
    }

    @BeforeEach
    void stubGenesys() {
        GenesysStubs.token(env.genesys(), "reload-token", 3600);
        GenesysStubs.queueNames(env.genesys(), Map.of());
        GenesysStubs.observationsForBatch(env.genesys(), IDS.get(0), GenesysStubs.observationsBody(IDS));
    }

    /** An edit that must change something: a test whose edit silently matched nothing could not fail. */
    private static String edit(String text, String target, String replacement) {
        assertTrue(text.contains(target), "routes/queue-feed.yaml no longer contains " + target);
        return text.replace(target, replacement);
    }

    @Test
    void anEditedRouteFileChangesTheTopicWithoutRestartAndABrokenEditKeepsTheOldRoute(@TempDir Path routes)
            throws Exception {
        Path feedRoutes = routes.resolve("queue-feed.yaml");
        String shipped = Files.readString(Path.of("routes/queue-feed.yaml"));
        replace(feedRoutes, shipped);
        Map<String, String> config = env.baseConfig("reload-client", "reload-secret");
        config.put("genesys.queue-ids", IDS.get(0));
        config.put("genesys.poll-period", "300ms");
        config.put("kafka.topic.status", "before-edit");
        config.put("camel.main.routes-include-pattern", "file:" + routes + "/*.yaml");
        config.put("camel.main.routes-reload-directory", routes.toString());
        FeedApplication feed = env.start(config);
        try (TopicReader before = new TopicReader(env.broker().bootstrapServers(), "before-edit");
             TopicReader after = new TopicReader(env.broker().bootstrapServers(), "after-edit")) {
            before.readAtLeast(2, Duration.ofSeconds(20));

            // a syntactically broken edit: rejected, the running routes stay as they were
            replace(feedRoutes, edit(shipped, "- route:\n    id: publish-queue-status", "- route:\n  id: [broken"));
            int seen = before.readAtLeast(1, Duration.ofSeconds(5)).size();
            before.readAtLeast(seen + 6, Duration.ofSeconds(20));
            assertTrue(feed.camelContext().getRoute("publish-queue-status") != null, "old route still there");

            // a good edit: the status events move to another topic, no restart
            String edited = edit(shipped, "publish('{{kafka.topic.status}}'", "publish('after-edit'");
            replace(feedRoutes, edited);
            int afterEdit = after.readAtLeast(2, Duration.ofSeconds(30)).size();
            assertTrue(feed.camelContext().getRoute("poll-default") != null, "the poll route survives a reload");

            // an edit of the org-feed template: Camel keeps routes made from a template as they were; the feed makes
            // each org's poll route again from the new version
            replace(feedRoutes, edit(edited, "timer:poll-{{org}}", "timer:edited-poll-{{org}}"));
            waitFor(() -> feed.camelContext().getRoute("poll-default") != null && feed.camelContext().getRoute(
                    "poll-default").getEndpoint().getEndpointUri().contains("edited-poll-default"), "the new poll route");
            after.readAtLeast(afterEdit + 2, Duration.ofSeconds(30));
        }
    }

    @Test
    void aReloadWhoseRoutesCannotStartIsRolledBackAndTheFeedKeepsPublishing(@TempDir Path routes) throws Exception {
        Path feedRoutes = routes.resolve("queue-feed.yaml");
        String shipped = Files.readString(Path.of("routes/queue-feed.yaml"));
        replace(feedRoutes, shipped);
        Map<String, String> config = env.baseConfig("reload-client", "reload-secret");
        config.put("genesys.queue-ids", IDS.get(0));
        config.put("genesys.poll-period", "300ms");
        config.put("kafka.topic.status", "before-broken-edit");
        config.put("camel.main.routes-include-pattern", "file:" + routes + "/*.yaml");
        config.put("camel.main.routes-reload-directory", routes.toString());
        FeedApplication feed = env.start(config);
        try (TopicReader before = new TopicReader(env.broker().bootstrapServers(), "before-broken-edit");
             TopicReader after = new TopicReader(env.broker().bootstrapServers(), "after-fixed-edit");
             LogCapture log = LogCapture.start()) {
            before.readAtLeast(2, Duration.ofSeconds(20));

            // valid YAML, but the publish route names a bean that does not exist: Camel alone would remove the
            // running routes and leave nothing in their place
            replace(feedRoutes, edit(shipped, "ref: statusRecords\n                  method: toRecords",
                    "ref: noSuchBean\n                  method: toRecords"));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (!log.text().contains("rejected")) {
                assertTrue(Instant.now().isBefore(deadline), "the broken edit was never reported");
                Thread.sleep(100); // poll-until: the file watcher reacts on its own schedule
            }
            int seen = before.readAtLeast(1, Duration.ofSeconds(5)).size();
            before.readAtLeast(seen + 6, Duration.ofSeconds(20));       // a consumer still gets new events

            List<String> rejected = log.lines().stream().filter(line -> line.contains("rejected")).toList();
            assertEquals(1, rejected.size(), "one line:\n" + log.linesContaining("rejected"));
            assertTrue(rejected.get(0).contains(feedRoutes.toString()) && rejected.get(0).contains("noSuchBean")
                    && rejected.get(0).contains("last good version"), "names the file and the cause: " + rejected.get(0));
            HttpResponse<String> live = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(Feed.managementUrl(feed) + "/observe/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, live.statusCode(), "every route runs again: " + live.body());

            // a broken edit of the org-feed template: its poll route cannot be made again, the last good one comes back
            replace(feedRoutes, edit(shipped, "ref: orgMdc", "ref: noSuchMdc"));
            waitFor(() -> log.lines().stream().anyMatch(line -> line.contains("rejected") && line.contains("noSuchMdc")),
                    "the broken template edit is reported");
            assertTrue(log.lines().stream().anyMatch(line -> line.contains("noSuchMdc") && line.contains("last good version")),
                    log.linesContaining("noSuchMdc"));
            seen = before.readAtLeast(1, Duration.ofSeconds(5)).size();
            before.readAtLeast(seen + 4, Duration.ofSeconds(20));       // the poll route runs again

            // a later good edit is still applied
            replace(feedRoutes, edit(shipped, "publish('{{kafka.topic.status}}'", "publish('after-fixed-edit'"));
            after.readAtLeast(2, Duration.ofSeconds(30));
        }
    }

    @Test
    void editingTheErrorPolicyWhileTheFeedRunsChangesHowOftenAFailingCallIsTried(@TempDir Path routes) throws Exception {
        env.genesys().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH))
                .atPriority(1).willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));
        Path feedRoutes = routes.resolve("queue-feed.yaml");
        String shipped = Files.readString(Path.of("routes/queue-feed.yaml"));
        replace(feedRoutes, shipped);
        Map<String, String> config = env.baseConfig("reload-client", "reload-secret");
        config.put("genesys.queue-ids", IDS.get(0));
        config.put("genesys.poll-period", "200ms");
        config.put("genesys.retry.max-attempts", "3");
        config.put("genesys.retry.initial-delay", "10ms");
        config.put("genesys.retry.max-delay", "20ms");
        config.put("genesys.circuit.failure-threshold", "1000");
        config.put("kafka.topic.dead-letter", "policy-dead-letters");
        config.put("camel.main.routes-include-pattern", "file:" + routes + "/*.yaml");
        config.put("camel.main.routes-reload-directory", routes.toString());
        try (LogCapture log = LogCapture.start()) {
            FeedApplication feed = env.start(config);
            var stats = feed.orgs().get("default").stats();
            waitFor(() -> stats.deadLetters.get() >= 2, "dead letters under the shipped policy");
            assertEquals(2 * stats.deadLetters.get(), stats.retries.get(), 2,
                    "3 attempts per batch: 2 retries per dead letter");

            // ops set the transient failures' redeliveries to 0 in the YAML
            replace(feedRoutes, edit(shipped, "maximumRedeliveries: \"{{genesys.retry.max-redeliveries}}\"\n"
                    + "            redeliveryDelay: \"{{genesys.retry.initial-delay-ms}}\"",
                    "maximumRedeliveries: \"0\"\n            redeliveryDelay: \"{{genesys.retry.initial-delay-ms}}\""));
            waitFor(() -> log.text().contains("reloaded"), "the edit is reloaded");
            long lettersAtReload = stats.deadLetters.get();
            waitFor(() -> stats.deadLetters.get() >= lettersAtReload + 1, "a batch after the reload");
            long retries = stats.retries.get();
            long letters = stats.deadLetters.get();
            waitFor(() -> stats.deadLetters.get() >= letters + 3, "more batches under the new policy");
            assertEquals(retries, stats.retries.get(), "one attempt per batch now: no more retries");
            assertTrue(log.linesContaining("rejected").isEmpty(), log.linesContaining("rejected"));
        }
    }

    /**
     * Writes the file as editors and Kubernetes ConfigMap updates do: the whole text appears at once (written beside
     * it, then moved over it), so the watcher never reads half an edit.
     */
    private static void replace(Path file, String text) throws java.io.IOException {
        Path next = file.resolveSibling("." + file.getFileName() + ".next");
        Files.writeString(next, text);
        Files.move(next, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "timed out waiting for: " + what);
            Thread.sleep(50);
        }
    }
}

package io.github.genesysqueuefeed.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.genesysqueuefeed.FeedApplication;
import io.github.genesysqueuefeed.support.Feed;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.KafkaTestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances (two Camel contexts in this JVM) share a lock folder: only the leader's requests reach Genesys,
 * and when the leader stops, the other takes over within two poll periods.
 */
class LeaderElectionTest {

    private static final List<String> IDS = List.of("6e3c2d6e-0000-4000-8000-000000000001");
    private static final Duration PERIOD = Duration.ofMillis(1000);
    private static KafkaTestBroker broker;
    private static WireMockServer genesysForA;
    private static WireMockServer genesysForB;

    @BeforeAll
    static void start() {
        broker = KafkaTestBroker.start();
        broker.createTopics("ha-status");
        genesysForA = new WireMockServer(wireMockConfig().dynamicPort());
        genesysForB = new WireMockServer(wireMockConfig().dynamicPort());
        for (WireMockServer genesys : List.of(genesysForA, genesysForB)) {
            genesys.start();
            GenesysStubs.token(genesys, "ha-token", 3600);
            GenesysStubs.queueNames(genesys, Map.of());
            GenesysStubs.observationsForBatch(genesys, IDS.get(0), GenesysStubs.observationsBody(IDS));
        }
    }

    @AfterAll
    static void stop() {
        genesysForA.stop();
        genesysForB.stop();
        broker.close();
    }

    private static FeedApplication instance(WireMockServer genesys, Path locks) throws Exception {
        Map<String, String> config = Feed.baseConfig(genesys.baseUrl(), "ha-client", "ha-secret",
                broker.bootstrapServers());
        config.put("genesys.queue-ids", IDS.get(0));
        config.put("genesys.poll-period", PERIOD.toMillis() + "ms");
        config.put("kafka.topic.status", "ha-status");
        config.put("feed.ha.mode", "file");
        config.put("feed.ha.file.root", locks.toString());
        return Feed.start(config);
    }

    private static int observations(WireMockServer genesys) {
        return genesys.findAll(postRequestedFor(urlPathEqualTo(GenesysStubs.OBSERVATIONS_PATH))).size();
    }

    @Test
    void onlyTheLeaderPollsAndTheFollowerTakesOverWithinTwoPeriods(@TempDir Path locks) throws Exception {
        FeedApplication a = instance(genesysForA, locks);
        FeedApplication b = null;
        try {
            Instant deadline = Instant.now().plusSeconds(20);
            while (observations(genesysForA) < 2) {
                assertTrue(Instant.now().isBefore(deadline), "the first instance becomes leader and polls");
                Thread.sleep(50);
            }
            b = instance(genesysForB, locks);
            int aBefore = observations(genesysForA);
            Instant watchUntil = Instant.now().plus(PERIOD.multipliedBy(4));
            while (Instant.now().isBefore(watchUntil)) {
                Thread.sleep(100); // both run for four periods; only one may poll
            }
            assertEquals(0, observations(genesysForB), "the follower never polls while the leader lives");
            var followerReady = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(Feed.managementUrl(b) + "/observe/health/ready")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, followerReady.statusCode(), "a follower is ready to take over: " + followerReady.body());
            assertTrue(followerReady.body().contains("follower"), followerReady.body());
            var followerLive = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(Feed.managementUrl(b) + "/observe/health/live")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, followerLive.statusCode(), "a follower that does not poll is not stuck: " + followerLive.body());
            assertTrue(observations(genesysForA) >= aBefore + 3, "the leader keeps polling");

            a.stop();
            a = null;
            Instant stopped = Instant.now();
            while (observations(genesysForB) == 0) {
                assertTrue(Instant.now().isBefore(stopped.plus(PERIOD.multipliedBy(2))),
                        "the follower takes over within two poll periods");
                Thread.sleep(20);
            }
        } finally {
            if (a != null) {
                a.stop();
            }
            if (b != null) {
                b.stop();
            }
        }
    }
}

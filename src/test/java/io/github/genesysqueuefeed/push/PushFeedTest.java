package io.github.genesysqueuefeed.push;

import static io.github.genesysqueuefeed.support.NotificationsSimulator.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.genesysqueuefeed.config.PushConfig;
import io.github.genesysqueuefeed.config.ResilienceConfig;
import io.github.genesysqueuefeed.event.QueueStatusEvent;
import io.github.genesysqueuefeed.feed.FeedStats;
import io.github.genesysqueuefeed.genesys.ClientCredentialsTokenProvider;
import io.github.genesysqueuefeed.genesys.GenesysApi;
import io.github.genesysqueuefeed.genesys.GenesysHttp;
import io.github.genesysqueuefeed.genesys.ObservationResponse;
import io.github.genesysqueuefeed.genesys.QueueRef;
import io.github.genesysqueuefeed.genesys.RequestBudget;
import io.github.genesysqueuefeed.genesys.RetryPolicy;
import io.github.genesysqueuefeed.secrets.Secret;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.MutableClock;
import io.github.genesysqueuefeed.support.NotificationsSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One org's push mode against the real {@link NotificationsSimulator} (websocket and REST, reached through WireMock
 * as the feed reaches Genesys: one API URL, the token from WireMock). Decisions read a {@link MutableClock} the test
 * moves; the channel tick and the watchdog run every 20 ms, so periods of minutes take milliseconds.
 */
class PushFeedTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10); // only reached on failure
    private static final String Q1 = "1f3c2d6e-0000-4000-8000-000000000001";
    private static final String Q2 = "1f3c2d6e-0000-4000-8000-000000000002";
    private static final String Q3 = "1f3c2d6e-0000-4000-8000-000000000003";
    private static final Set<String> QUEUES = Set.of(Q1, Q2, Q3);
    private static final Function<String, QueueRef> DIRECTORY = id -> new QueueRef(id, "Queue " + id.substring(35));
    private static final ObservationResponse NOTHING = new ObservationResponse(null, List.of());
    private static WireMockServer wireMock;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:00:00Z"));
    private final List<QueueStatusEvent> events = new CopyOnWriteArrayList<>();
    private final List<Instant> receivedAts = new CopyOnWriteArrayList<>();
    private final List<String> deadLetters = new CopyOnWriteArrayList<>();
    private final List<PushFeed> feeds = new ArrayList<>();
    private volatile CountDownLatch publishing = new CountDownLatch(0);
    private NotificationsSimulator sim;

    @BeforeAll
    static void startWireMock() {
        wireMock = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        wireMock.start();
    }

    @AfterAll
    static void stopWireMock() {
        wireMock.stop();
    }

    @BeforeEach
    void start() throws Exception {
        sim = NotificationsSimulator.start(Duration.ofSeconds(30));
        wireMock.resetAll();
        GenesysStubs.token(wireMock, "push-token", 3600);
        sim.routeThrough(wireMock);
    }

    @AfterEach
    void stop() throws Exception {
        feeds.forEach(PushFeed::stop);
        sim.close();
    }

    private PushFeed feed(String mode, Duration pollPeriod, int frameCapacity) {
        GenesysHttp http = GenesysHttp.direct(Duration.ofSeconds(5), Duration.ofSeconds(10));
        ClientCredentialsTokenProvider tokens = new ClientCredentialsTokenProvider("default", wireMock.baseUrl(),
                "test-client", new Secret("s3cr3t-push"), http, Duration.ofSeconds(60), clock);
        ResilienceConfig resilience = new ResilienceConfig(2, Duration.ofMillis(10), Duration.ofSeconds(1),
                Duration.ofMillis(100), 5, Duration.ofSeconds(60));
        RequestBudget budget = new RequestBudget(300, clock, clock::advance);
        GenesysApi genesys = new GenesysApi("default", http, tokens, budget, resilience, new FeedStats(), clock);
        NotificationsApi api = new NotificationsApi("default", wireMock.baseUrl(), genesys, new RetryPolicy(resilience));
        ChannelSettings channels = new ChannelSettings(Duration.ofSeconds(60), Duration.ofHours(1),
                Duration.ofSeconds(1), Duration.ofSeconds(60), 3, Duration.ofSeconds(5), 64 * 1024, 1000, 20,
                Duration.ofMillis(20));
        PushConfig config = new PushConfig(mode, Duration.ofMinutes(5), Duration.ofSeconds(60));
        PushFeed feed = new PushFeed("default", config, pollPeriod, api, http, new EventSink() {
            @Override
            public void publish(String org, List<QueueStatusEvent> published, Instant receivedAt) {
                try {
                    publishing.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                receivedAts.add(receivedAt);
                events.addAll(published);
            }

            @Override
            public void onMalformed(String org, String reason, String frame) {
                deadLetters.add(org + " | " + reason + " | " + frame);
            }
        }, clock, new PushFeed.Tuning(channels, frameCapacity, Duration.ofMinutes(5), Duration.ofMillis(20)));
        feeds.add(feed);
        return feed;
    }

    private PushFeed pushFeed() {
        return feed(PushConfig.PUSH, Duration.ofHours(1), 10_000);
    }

    /** Channels open with every queue subscribed, and the start-up reconcile done. */
    private String openAndReconcile(PushFeed feed) {
        feed.ensureRunning(QUEUES, DIRECTORY);
        awaitTrue(() -> feed.channelsOpen() == 1, "one channel open");
        String channel = sim.channelIds().iterator().next();
        assertTrue(feed.pollDue(clock.instant()), "the start-up reconcile");
        assertTrue(feed.fullPoll());
        feed.reconciled(QUEUES, NOTHING);
        assertFalse(feed.pollDue(clock.instant()), "reconciled: no poll until the reconcile period");
        return channel;
    }

    @Test
    void everyQueueIsSubscribedAndAPushedChangeReachesTheSinkWithinASecond() {
        PushFeed feed = pushFeed();
        String channel = openAndReconcile(feed);
        assertEquals(Set.of(NotificationsSimulator.topic(Q1), NotificationsSimulator.topic(Q2),
                NotificationsSimulator.topic(Q3)), sim.topics(channel));
        assertEquals(3, feed.topicsSubscribed());
        assertEquals("push", feed.mode());

        long sent = System.nanoTime();
        assertEquals(1, sim.push(Q1, "voice", metric("oWaiting", 4), metric("oInteracting", 2)));
        awaitTrue(() -> events.size() == 1, "the change published");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        assertTrue(millis < 1000, "within a second, took " + millis + " ms");
        sim.push(Q1, null, metric("oOnQueueUsers", "IDLE", 3), metric("oOnQueueUsers", "INTERACTING", 2));
        awaitTrue(() -> events.size() == 2, "the agents' change published");

        QueueStatusEvent last = events.get(1);
        assertEquals(Q1, last.queueId());
        assertEquals("Queue 1", last.queueName());
        assertEquals(4, last.waiting());
        assertEquals(2, last.interacting());
        assertEquals(3, last.agents().available());
        assertEquals(5, last.agents().onQueue());
        assertEquals(QueueStatusEvent.SOURCE_PUSH, last.source());
        assertEquals(clock.instant(), receivedAts.get(1));
        assertEquals(2, feed.notificationsReceived());
        assertEquals(0.0, feed.secondsSinceLastNotification());
        clock.advance(Duration.ofSeconds(7));
        assertEquals(7.0, feed.secondsSinceLastNotification());
        assertFalse(feed.pollDue(clock.instant()), "push alone keeps the queues current");

        sim.sendRaw(channel, "{\"topicName\":\"v2.analytics.queues." + Q2 + ".observations\",\"eventBody\":{\"group\""
                + ":{\"queueId\":\"" + Q2 + "\",\"mediaType\":\"voice\"},\"data\":[{\"metrics\":[{\"metric\":"
                + "\"oWaiting\",\"stats\":{\"count\":-3}}]}]}}");
        awaitTrue(() -> deadLetters.size() == 1, "the implausible notification dead-lettered");
        assertTrue(deadLetters.get(0).startsWith("default | "), deadLetters.get(0));
        assertTrue(deadLetters.get(0).contains("-3"), deadLetters.get(0));
        assertFalse(deadLetters.get(0).contains(channel), "never the channel id: " + deadLetters.get(0));
        assertEquals(2, events.size(), "nothing published from it");
        assertEquals(1, feed.malformedFrames());
        assertTrue(feed.pollDue(clock.instant()), "what it said is unknown: reconcile");
    }

    @Test
    void aReconnectAsksForOneReconcileThenPushAloneAgain() {
        PushFeed feed = pushFeed();
        String first = openAndReconcile(feed);

        sim.sendSocketClosing(first);
        awaitTrue(() -> feed.reconnects(ReconnectReason.SOCKET_CLOSING) == 1 && sim.channelIds().size() == 2
                && feed.channelsOpen() == 1 && feed.pollDue(clock.instant()), "a new channel, then a reconcile due");
        assertTrue(feed.fullPoll());
        assertTrue(feed.pollDue(clock.instant()), "due until every queue is polled");
        feed.reconciled(Set.of(Q1, Q2), NOTHING);
        assertTrue(feed.pollDue(clock.instant()), "one batch is not the whole reconcile");
        feed.reconciled(Set.of(Q1, Q2), NOTHING);
        feed.reconciled(Set.of(Q3), NOTHING);
        assertFalse(feed.pollDue(clock.instant()), "reconciled once: push alone again");

        String second = sim.channelIds().stream().filter(id -> !id.equals(first)).findFirst().orElseThrow();
        awaitTrue(() -> sim.dropSocket(second), "the socket dropped");
        awaitTrue(() -> feed.reconnects(ReconnectReason.DROPPED) == 1, "the drop noticed");
        clock.advance(Duration.ofSeconds(5)); // past the reconnect back-off
        awaitTrue(() -> feed.channelsOpen() == 1 && feed.pollDue(clock.instant()), "reopened, then a reconcile due");
        feed.reconciled(QUEUES, NOTHING);
        assertFalse(feed.pollDue(clock.instant()));

        clock.advance(Duration.ofMinutes(5));
        feed.ensureRunning(QUEUES, DIRECTORY);
        assertTrue(feed.pollDue(clock.instant()), "the reconcile period is over");
    }

    @Test
    void refusedPushPollsEveryTickSaysWhyAndIsRetriedFiveMinutesLater() {
        sim.refuseChannels(404, null);
        PushFeed feed = pushFeed();
        Instant refusedAt = clock.instant();
        feed.ensureRunning(QUEUES, DIRECTORY);
        awaitTrue(() -> feed.mode().startsWith("poll (push unavailable since " + refusedAt + ": "), feed::mode);
        assertTrue(feed.mode().contains("404"), feed.mode());
        int creations = sim.calls("POST /api/v2/notifications/channels");
        for (int tick = 0; tick < 3; tick++) {
            assertTrue(feed.pollDue(clock.instant()), "every tick polls");
            assertTrue(feed.fullPoll());
            feed.reconciled(QUEUES, NOTHING);
            clock.advance(Duration.ofMinutes(1));
            feed.ensureRunning(QUEUES, DIRECTORY);
        }
        assertEquals(creations, sim.calls("POST /api/v2/notifications/channels"), "not retried before 5 minutes");

        sim.answerNormally();
        clock.advance(Duration.ofMinutes(2));
        feed.ensureRunning(QUEUES, DIRECTORY);
        awaitTrue(() -> feed.channelsOpen() == 1, "push retried and open");
        assertTrue(feed.pollDue(clock.instant()), "still polling until the next tick sees the channel");
        feed.ensureRunning(QUEUES, DIRECTORY);
        assertEquals("push", feed.mode());
        assertTrue(feed.pollDue(clock.instant()), "a reconcile covers the gap");
        feed.reconciled(QUEUES, NOTHING);
        assertFalse(feed.pollDue(clock.instant()));
    }

    @Test
    void framesBeyondTheBoundAreDroppedCountedAndReconciled() {
        PushFeed feed = feed(PushConfig.PUSH, Duration.ofHours(1), 2);
        openAndReconcile(feed);
        publishing = new CountDownLatch(1); // the sink is stuck: frames queue up behind it
        for (int i = 0; i < 10; i++) {
            sim.push(Q1, "voice", metric("oWaiting", i));
        }
        awaitTrue(() -> feed.notificationsReceived() == 10, "every frame received");
        assertEquals(7, feed.framesDropped(), "one being handled, two waiting, seven dropped");
        assertTrue(feed.pollDue(clock.instant()), "dropped frames: reconcile");
        publishing.countDown();
        awaitTrue(() -> events.size() == 3, "the three kept frames published");
        assertEquals(List.of(0L, 1L, 2L), events.stream().map(QueueStatusEvent::waiting).toList());
    }

    @Test
    void noTickForThreePollPeriodsClosesTheChannelsAndTheNextTickReopensThem() {
        // 3 periods of 5 s stay under the heartbeat timeout (60 s): only the watchdog can close the channel
        PushFeed feed = feed(PushConfig.PUSH, Duration.ofSeconds(5), 10_000);
        String first = openAndReconcile(feed);
        clock.advance(Duration.ofSeconds(14));
        feed.ensureRunning(QUEUES, DIRECTORY);
        clock.advance(Duration.ofSeconds(14));
        assertEquals(1, feed.channelsOpen(), "a tick within 3 periods keeps them");
        clock.advance(Duration.ofSeconds(2));
        awaitTrue(() -> feed.channelsOpen() == 0 && !sim.connected(first), "closed by the watchdog");

        feed.ensureRunning(QUEUES, DIRECTORY);
        awaitTrue(() -> feed.channelsOpen() == 1, "reopened by the next tick");
        assertTrue(feed.pollDue(clock.instant()), "what happened meanwhile is reconciled");
        awaitTrue(() -> sim.connected(first), "the same channel's socket reopened");
        assertEquals(1, sim.calls("POST /api/v2/notifications/channels"), "a gap in the ticks costs no new channel");
    }

    @Test
    void stoppingTheFeedRemovesItsChannelsTopics() {
        PushFeed feed = pushFeed();
        openAndReconcile(feed);
        feed.stop();
        assertEquals(1, sim.calls("DELETE /api/v2/notifications/channels/{id}/subscriptions"));
    }

    @Test
    void pollModeNeverOpensAChannelAndPollsEveryTick() {
        PushFeed poll = feed(PushConfig.POLL, Duration.ofHours(1), 10_000);
        poll.ensureRunning(QUEUES, DIRECTORY);
        PushFeed push = pushFeed(); // a push feed beside it: when its channel is open, the poll feed had its chance
        push.ensureRunning(QUEUES, DIRECTORY);
        awaitTrue(() -> push.channelsOpen() == 1, "the push feed's channel open");
        poll.ensureRunning(QUEUES, DIRECTORY);

        assertEquals(1, sim.calls("POST /api/v2/notifications/channels"), "the push feed's only");
        assertEquals(0, poll.channelsOpen());
        assertEquals("poll", poll.mode());
        for (int tick = 0; tick < 3; tick++) {
            assertTrue(poll.pollDue(clock.instant()));
            assertTrue(poll.fullPoll());
            poll.reconciled(QUEUES, NOTHING);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        awaitTrue(condition, () -> what);
    }

    private static void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + TIMEOUT.toSeconds() + " s: " + what.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

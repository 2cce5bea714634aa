package io.github.genesysqueuefeed.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.config.ResilienceConfig;
import io.github.genesysqueuefeed.feed.FeedStats;
import io.github.genesysqueuefeed.genesys.ClientCredentialsTokenProvider;
import io.github.genesysqueuefeed.genesys.GenesysApi;
import io.github.genesysqueuefeed.genesys.GenesysHttp;
import io.github.genesysqueuefeed.genesys.RequestBudget;
import io.github.genesysqueuefeed.genesys.RetryPolicy;
import io.github.genesysqueuefeed.secrets.Secret;
import io.github.genesysqueuefeed.support.LogCapture;
import io.github.genesysqueuefeed.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The channel lifecycle against a real websocket and REST server ({@link NotificationsServer}): the keeper's decisions
 * read a {@link MutableClock} the test moves, its tick runs every 20 ms, so hours of channel life take milliseconds.
 */
class ChannelKeeperTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20); // only reached on failure; a cold JVM on a busy machine is slow
    private static final String HEARTBEAT = "{\"topicName\":\"channel.metadata\",\"eventBody\":{\"message\":\"WebSocket Heartbeat\"}}";
    private static final String SOCKET_CLOSING = "{\"topicName\":\"v2.system.socket_closing\",\"eventBody\":{\"message\":\"Socket closing\"}}";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:00:00Z"));
    private final List<ReconnectReason> reconnects = new CopyOnWriteArrayList<>();
    private final List<String> unavailable = new CopyOnWriteArrayList<>();
    private final List<String> frames = new CopyOnWriteArrayList<>();
    private NotificationsServer server;
    private ScheduledExecutorService scheduler;
    private RequestBudget budget;
    private ChannelKeeper keeper;

    @BeforeEach
    void start() throws Exception {
        server = new NotificationsServer(clock);
        scheduler = Executors.newSingleThreadScheduledExecutor();
        // the budget's waits move the test clock: a Retry-After costs no wall-clock time
        budget = new RequestBudget(300, clock, clock::advance);
    }

    @AfterEach
    void stop() throws Exception {
        if (keeper != null) {
            keeper.stop();
        }
        scheduler.shutdownNow();
        server.close();
    }

    private ChannelKeeper keeper(ChannelSettings settings) {
        GenesysHttp http = GenesysHttp.direct(Duration.ofSeconds(5), Duration.ofSeconds(10));
        ClientCredentialsTokenProvider tokens = new ClientCredentialsTokenProvider("default", server.baseUrl(),
                "test-client", new Secret("s3cr3t"), http, Duration.ofSeconds(60), clock);
        ResilienceConfig resilience = new ResilienceConfig(3, Duration.ofMillis(10), Duration.ofSeconds(30),
                Duration.ofMillis(100), 5, Duration.ofSeconds(60));
        GenesysApi genesys = new GenesysApi("default", http, tokens, budget, resilience, new FeedStats(), clock);
        NotificationsApi api = new NotificationsApi("default", server.baseUrl(), genesys, new RetryPolicy(resilience));
        keeper = new ChannelKeeper("default", api, http, ChannelKeeperTest::classify,
                (channel, frame) -> frames.add(channel + " " + frame), new ChannelKeeper.Events() {
                    @Override
                    public void onReconnected(ReconnectReason reason) {
                        reconnects.add(reason);
                    }

                    @Override
                    public void onPushUnavailable(String why) {
                        unavailable.add(why);
                    }
                }, settings, clock, scheduler);
        return keeper;
    }

    private ChannelKeeper keeper() {
        return keeper(settings(1000, 20));
    }

    private static ChannelSettings settings(int topicsPerChannel, int maxChannels) {
        return new ChannelSettings(Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofSeconds(1),
                Duration.ofSeconds(60), 3, Duration.ofSeconds(2), 64 * 1024, topicsPerChannel, maxChannels,
                Duration.ofMillis(20));
    }

    /** Stands in for the push model's classifier (the keeper only needs the two lifecycle kinds). */
    private static FrameKind classify(String frame) {
        if (frame.contains("\"channel.metadata\"")) {
            return FrameKind.HEARTBEAT;
        }
        return frame.contains("\"v2.system.socket_closing\"") ? FrameKind.SOCKET_CLOSING : FrameKind.OTHER;
    }

    @Test
    void twoThousandFiveHundredQueuesTakeThreeChannelsOfAtMostAThousandTopics() {
        keeper().setQueues(queues(1, 2500));
        keeper.start();
        awaitTrue(() -> keeper.stats().channelsOpen.get() == 3, "3 channels open");

        assertEquals(List.of("create ch-1", "put ch-1 1000", "open ch-1", "create ch-2", "put ch-2 1000", "open ch-2",
                "create ch-3", "put ch-3 500", "open ch-3"), server.events());
        assertEquals(topics(1, 1000), server.topicsOf("ch-1"));
        assertEquals(topics(2001, 2500), server.topicsOf("ch-3"));
        assertEquals(2500, keeper.stats().topicsSubscribed.get());
        assertEquals(Set.of(), keeper.overflow());
        assertEquals(List.of(), reconnects);
    }

    @Test
    void notificationsAreDeliveredWithTheirChannelAndHeartbeatsAreNot() {
        openOneChannel();
        String observation = "{\"topicName\":\"v2.analytics.queues.q-0001.observations\",\"eventBody\":{}}";
        server.send("ch-1", HEARTBEAT);
        server.send("ch-1", observation);
        awaitTrue(() -> frames.size() == 1, "the observation delivered");

        assertEquals(List.of("ch-1 " + observation), frames);
        assertEquals(1, keeper.stats().heartbeats.get());
        assertEquals(1, keeper.stats().notificationsReceived.get());
        assertEquals(2, keeper.stats().messagesReceived.get());
        assertEquals(0.0, keeper.stats().secondsSinceLastMessage(clock.instant()));
        clock.advance(Duration.ofSeconds(7));
        assertEquals(7.0, keeper.stats().secondsSinceLastMessage(clock.instant()));

        String large = "{\"topicName\":\"v2.analytics.queues.q-0001.observations\",\"pad\":\"" + "y".repeat(60_000) + "\"}";
        server.send("ch-1", large);
        awaitTrue(() -> frames.size() == 2, "a message of 60,000 characters (under the 64 KiB cap) delivered whole");
        assertEquals("ch-1 " + large, frames.get(1));
        assertEquals(0, keeper.stats().oversizedFrames.get());
    }

    @Test
    void aSilentSocketIsPingedThenReopenedAfterTheHeartbeatTimeout() {
        openOneChannel();
        server.answerPings(false);
        clock.advance(Duration.ofSeconds(31));
        awaitTrue(() -> server.events().contains("ping ch-1"), "a ping after half the heartbeat timeout");
        clock.advance(Duration.ofSeconds(30));
        awaitTrue(() -> server.events("open ch-1").size() == 2, "the same channel's socket opened again");

        awaitTrue(() -> reconnects.equals(List.of(ReconnectReason.HEARTBEAT_TIMEOUT)), "told once: " + reconnects);
        assertEquals(1, keeper.stats().reconnects(ReconnectReason.HEARTBEAT_TIMEOUT));
        assertEquals(List.of("create ch-1"), server.events("create"), "a silent socket does not cost a new channel");
        assertEquals(List.of("ping ch-1"), server.events("ping"), "one ping per silence");
    }

    @Test
    void socketClosingMakesTheNewChannelBeforeTheOldOneGoes() {
        try (LogCapture log = LogCapture.start()) {
            openOneChannel();
            server.send("ch-1", SOCKET_CLOSING);
            awaitTrue(() -> server.events().contains("closed ch-1"), "the old socket closed");
            assertTrue(log.text().contains("push channel 1: Genesys announced socket_closing"), log.text());
            assertFalse(log.text().contains("ch-1") || log.text().contains("ch-2"), "channel ids are credentials");
        }

        assertEquals(List.of("create ch-1", "put ch-1 1", "open ch-1", "create ch-2", "put ch-2 1", "open ch-2",
                "closed ch-1"), server.events());
        awaitTrue(() -> reconnects.equals(List.of(ReconnectReason.SOCKET_CLOSING)), "told once: " + reconnects);
        server.send("ch-2", "{\"topicName\":\"v2.analytics.queues.q-0001.observations\"}");
        awaitTrue(() -> frames.size() == 1, "the new channel delivers");
        assertTrue(frames.get(0).startsWith("ch-2 "), frames.toString());
    }

    @Test
    void aChannelIsRenewedAnHourBeforeItExpires() {
        server.channelLifetime(Duration.ofHours(1).plusSeconds(10));
        openOneChannel();
        clock.advance(Duration.ofSeconds(9));
        server.send("ch-1", HEARTBEAT);
        awaitTrue(() -> keeper.stats().heartbeats.get() == 1, "heartbeat");
        assertEquals(List.of("create ch-1"), server.events("create"), "not yet due");
        clock.advance(Duration.ofSeconds(1));
        awaitTrue(() -> server.events().contains("closed ch-1"), "the old channel's socket closed");

        assertEquals(List.of("create ch-1", "put ch-1 1", "open ch-1", "create ch-2", "put ch-2 1", "open ch-2",
                "closed ch-1"), server.events());
        awaitTrue(() -> reconnects.equals(List.of(ReconnectReason.EXPIRY)), "told once: " + reconnects);
    }

    @Test
    void aDroppedSocketReconnectsAfterItsBackOffAndAForgottenChannelIsReplaced() {
        openOneChannel();
        server.drop("ch-1");
        awaitTrue(() -> keeper.stats().reconnects(ReconnectReason.DROPPED) == 1, "the drop noticed");
        awaitTrue(() -> keeper.stats().channelsOpen.get() == 0, "no channel open");
        assertStaysFalse(() -> server.events("open").size() > 1, "no reconnect before the back-off (1 s) passed");
        clock.advance(Duration.ofSeconds(1));
        awaitTrue(() -> server.events("open ch-1").size() == 2, "reopened after 1 s");
        awaitTrue(() -> reconnects.equals(List.of(ReconnectReason.DROPPED)), "told once: " + reconnects);

        server.forget("ch-1"); // its next socket is refused: the keeper makes a new channel
        server.drop("ch-1");
        awaitTrue(() -> keeper.stats().reconnects(ReconnectReason.DROPPED) == 2, "the second drop noticed");
        clock.advance(Duration.ofSeconds(1));
        awaitTrue(() -> keeper.stats().failedAttempts.get() == 1, "the reopen refused");
        assertEquals(List.of("refused ch-1"), server.events("refused"));
        assertEquals(0, keeper.stats().channelsOpen.get());
        clock.advance(Duration.ofSeconds(1));
        awaitTrue(() -> keeper.stats().channelsOpen.get() == 1, "open again");
        assertEquals(List.of("create ch-1", "create ch-2"), server.events("create"));
        assertEquals(List.of("put ch-1 1", "put ch-2 1"), server.events("put"));
        awaitTrue(() -> reconnects.equals(List.of(ReconnectReason.DROPPED, ReconnectReason.DROPPED)), "told twice");
        assertEquals(List.of(), unavailable);
    }

    @Test
    void pushIsGivenUpWhenNoChannelCanBeKeptUpForThreeAttempts() {
        openOneChannel();
        server.refuseSockets();
        server.drop("ch-1");
        awaitTrue(() -> keeper.stats().reconnects(ReconnectReason.DROPPED) == 1, "the drop noticed");
        for (int attempt = 1; attempt <= 3; attempt++) {
            int failed = attempt;
            clock.advance(Duration.ofSeconds(2)); // past each back-off (1 s, then at most 2 s)
            awaitTrue(() -> keeper.stats().failedAttempts.get() == failed || !unavailable.isEmpty(), "attempt " + failed);
        }
        awaitTrue(() -> unavailable.size() == 1, "push given up");
        assertTrue(unavailable.get(0).contains("failed 3 times in a row"), unavailable.get(0));
        assertEquals(List.of("refused ch-1", "refused ch-2", "refused ch-3"), server.events("refused"),
                "the same channel once, then a new channel per attempt");
        assertTrue(keeper.isUnavailable());
        assertEquals(0, keeper.stats().channelsOpen.get());
        assertEquals(List.of(), reconnects);
    }

    @Test
    void anOversizedMessageClosesTheSocketAndIsCounted() {
        openOneChannel();
        server.send("ch-1", "{\"topicName\":\"" + "x".repeat(100_000) + "\"}");
        awaitTrue(() -> keeper.stats().oversizedFrames.get() == 1, "counted");
        awaitTrue(() -> server.events().contains("closed ch-1"), "socket closed");
        awaitTrue(() -> keeper.stats().reconnects(ReconnectReason.DROPPED) == 1, "taken as a drop");
        assertEquals(List.of(), frames);
        clock.advance(Duration.ofSeconds(1));
        awaitTrue(() -> server.events("open ch-1").size() == 2, "reopened after the back-off");
        awaitTrue(() -> reconnects.equals(List.of(ReconnectReason.DROPPED)), "told once: " + reconnects);
    }

    @Test
    void refusedChannelsMakePushUnavailableUntilStartedAgain() {
        server.answerNext("POST /api/v2/notifications/channels", 403, null);
        try (LogCapture log = LogCapture.start()) {
            keeper().setQueues(queues(1, 1));
            keeper.start();
            awaitTrue(() -> unavailable.size() == 1, "push unavailable");
            assertTrue(unavailable.get(0).contains("HTTP 403"), unavailable.get(0));
            assertTrue(keeper.isUnavailable());
            assertEquals(1, log.lines().stream().filter(l -> l.contains("push notifications unavailable")).count(),
                    log.text());
        }
        assertEquals(List.of("answered 403 POST /api/v2/notifications/channels"), server.events());

        keeper.start(); // the feed tries push again later
        awaitTrue(() -> keeper.stats().channelsOpen.get() == 1, "open on the second start");
        assertFalse(keeper.isUnavailable());
        assertEquals(1, unavailable.size());
    }

    @Test
    void aNotFoundChannelsApiIsUnavailableToo() {
        server.answerNext("POST /api/v2/notifications/channels", 404, null);
        keeper().setQueues(queues(1, 1));
        keeper.start();
        awaitTrue(() -> unavailable.size() == 1, "push unavailable");
        assertTrue(unavailable.get(0).contains("HTTP 404"), unavailable.get(0));
    }

    @Test
    void aRateLimitedSubscriptionWaitsRetryAfterThroughTheBudget() {
        server.answerNext("PUT /api/v2/notifications/channels/ch-1", 429, "2");
        openOneChannel();

        assertEquals(List.of("create ch-1", "answered 429 PUT /api/v2/notifications/channels/ch-1/subscriptions",
                "put ch-1 1", "open ch-1"), server.events());
        assertEquals(2000, budget.waitedMillis(), "the token's budget held the retry for Retry-After");
        assertEquals(List.of(), unavailable);
    }

    @Test
    void setQueuesAddsAndRemovesTopicsWithTheFewestCalls() {
        keeper().setQueues(queues(1, 1500));
        keeper.start();
        awaitTrue(() -> keeper.stats().channelsOpen.get() == 2, "2 channels");

        Set<String> more = queues(1, 1510);
        keeper.setQueues(more);
        awaitTrue(() -> server.events().contains("post ch-2 10"), "10 topics added to the channel with room");
        more.removeAll(queues(1, 5));
        keeper.setQueues(more);
        awaitTrue(() -> server.events().contains("put ch-1 995"), "ch-1's list replaced without the 5");
        keeper.setQueues(queues(6, 1000));
        awaitTrue(() -> server.events().contains("closed ch-2"), "the emptied channel closed");

        assertEquals(List.of("put ch-1 1000", "put ch-2 500", "post ch-2 10", "put ch-1 995"),
                server.events().stream().filter(e -> e.startsWith("put") || e.startsWith("post")).toList());
        assertEquals(topics(6, 1000), server.topicsOf("ch-1"));
        awaitTrue(() -> keeper.stats().channelsOpen.get() == 1 && keeper.stats().topicsSubscribed.get() == 995, "gauges");
    }

    @Test
    void queuesBeyondTheChannelLimitAreLeftForPollingAndSaidOnce() {
        try (LogCapture log = LogCapture.start()) {
            Set<String> overflow = keeper(settings(2, 2)).setQueues(queues(1, 5));
            assertEquals(Set.of("q-0005"), overflow);
            assertEquals(Set.of("q-0005", "q-0006", "q-0007"), keeper.setQueues(queues(1, 7)));
            keeper.start();
            awaitTrue(() -> keeper.stats().channelsOpen.get() == 2, "2 channels");
            assertEquals(1, log.lines().stream().filter(l -> l.contains("polled instead of pushed")).count(), log.text());
        }
        assertEquals(List.of("put ch-1 2", "put ch-2 2"), server.events("put"));
    }

    @Test
    void stopClosesEverythingAtOnceEvenWhileACallHangs() {
        openOneChannel();
        server.hold("POST /api/v2/notifications/channels");
        keeper.setQueues(queues(1, 1001));
        awaitTrue(() -> server.events().contains("held POST /api/v2/notifications/channels"), "a call hangs");

        long started = System.nanoTime();
        keeper.stop();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis < 500, "stop took " + tookMillis + " ms");
        awaitTrue(() -> server.events().contains("closed ch-1"), "the open socket closed");
        assertFalse(keeper.isRunning());
        assertEquals(0, keeper.stats().channelsOpen.get());
        assertEquals(List.of(), unavailable, "stopping is not push being unavailable");
    }

    @Test
    void stopAndStartReopenTheSameChannelsSocketsWithoutNewChannelsOrSubscriptions() {
        try (LogCapture log = LogCapture.start()) {
            keeper().setQueues(queues(1, 1500));
            keeper.start();
            awaitTrue(() -> keeper.stats().channelsOpen.get() == 2, "2 channels");
            keeper.stop(); // what PushFeed's watchdog does when the ticks stop (HA leadership moved)
            awaitTrue(() -> server.events("closed").size() == 2, "both sockets closed");
            assertEquals(0, keeper.stats().channelsOpen.get());

            keeper.start();
            awaitTrue(() -> keeper.stats().channelsOpen.get() == 2, "2 channels open again");
            assertTrue(log.text().contains("push channel 1 open again after a stop, on the same channel with 1000 topics"),
                    log.text());
        }
        assertEquals(List.of("create ch-1", "create ch-2"), server.events("create"), "no new channel");
        assertEquals(List.of("put ch-1 1000", "put ch-2 500"), server.events("put"), "no new subscription");
        assertEquals(List.of("open ch-1", "open ch-2", "open ch-1", "open ch-2"), server.events("open"));
        assertEquals(1500, keeper.stats().topicsSubscribed.get());
        assertEquals(List.of(), reconnects, "a restart is not a reconnect (the feed reconciles on start itself)");
        server.send("ch-1", "{\"topicName\":\"v2.analytics.queues.q-0001.observations\"}");
        awaitTrue(() -> frames.size() == 1, "the reopened channel delivers");
    }

    @Test
    void queuesChangedWhileStoppedCostOnlyTheSubscriptionChangeOnTheKeptChannel() {
        openOneChannel();
        keeper.stop();
        awaitTrue(() -> server.events().contains("closed ch-1"), "socket closed");
        keeper.setQueues(queues(1, 3));
        keeper.start();
        awaitTrue(() -> server.events().contains("post ch-1 2"), "the 2 new topics added to the kept channel");
        awaitTrue(() -> keeper.stats().topicsSubscribed.get() == 3, "3 topics");

        assertEquals(List.of("create ch-1", "put ch-1 1", "open ch-1", "closed ch-1", "open ch-1", "post ch-1 2"),
                server.events());
        assertEquals(topics(1, 3), server.topicsOf("ch-1"));
    }

    @Test
    void aChannelExpiredOrDueWhileStoppedIsReplacedByANewOne() {
        openOneChannel();
        keeper.stop();
        awaitTrue(() -> server.events().contains("closed ch-1"), "socket closed");
        clock.advance(Duration.ofHours(24));
        keeper.start();
        awaitTrue(() -> keeper.stats().channelsOpen.get() == 1, "open again");
        assertEquals(List.of("create ch-1", "put ch-1 1", "open ch-1", "closed ch-1", "create ch-2", "put ch-2 1",
                "open ch-2"), server.events(), "the expired channel is not reopened");

        keeper.stop();
        clock.advance(Duration.ofHours(23).plusMinutes(30)); // within the hour before ch-2 expires
        keeper.start();
        awaitTrue(() -> server.events().contains("open ch-3"), "a new channel rather than a reopen due for renewal");
        assertEquals(List.of("open ch-1", "open ch-2", "open ch-3"), server.events("open"));
        assertEquals(List.of(), reconnects);
    }

    @Test
    void shutdownRemovesTheKeptChannelsTopicsAtGenesys() {
        keeper().setQueues(queues(1, 1500));
        keeper.start();
        awaitTrue(() -> keeper.stats().channelsOpen.get() == 2, "2 channels");
        keeper.stop();
        keeper.shutdown(); // the channels kept by stop() are released too

        assertEquals(List.of("delete ch-1", "delete ch-2"), server.events("delete"));
        assertEquals(Set.of(), server.topicsOf("ch-1"));
        assertEquals(Set.of(), server.topicsOf("ch-2"));
        assertFalse(keeper.isRunning());
        assertEquals(0, keeper.stats().channelsOpen.get());
        keeper.start(); // a keeper started after its shutdown makes new channels
        awaitTrue(() -> server.events().contains("open ch-3"), "a new channel");
    }

    @Test
    void shutdownIsNotHeldUpByAGenesysThatDoesNotAnswer() {
        openOneChannel();
        server.hold("DELETE /api/v2/notifications/channels/ch-1/subscriptions");

        long started = System.nanoTime();
        keeper.shutdown();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis < ChannelKeeper.SHUTDOWN_BOUND.toMillis() + 1000, "shutdown took " + tookMillis + " ms");
        assertEquals(List.of("held DELETE /api/v2/notifications/channels/ch-1/subscriptions"), server.events("held"));
        awaitTrue(() -> server.events().contains("closed ch-1"), "the socket closed");
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private void openOneChannel() {
        keeper().setQueues(queues(1, 1));
        keeper.start();
        awaitTrue(() -> keeper.stats().channelsOpen.get() == 1, "channel open");
        awaitTrue(() -> server.events().contains("open ch-1"), "server saw the socket");
    }

    private static Set<String> queues(int from, int to) {
        Set<String> ids = new LinkedHashSet<>();
        IntStream.rangeClosed(from, to).forEach(i -> ids.add(String.format("q-%04d", i)));
        return ids;
    }

    private static Set<String> topics(int from, int to) {
        Set<String> topics = new LinkedHashSet<>();
        queues(from, to).forEach(id -> topics.add(NotificationsApi.topicOf(id)));
        return topics;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + TIMEOUT + ": " + what);
            }
            pollInterval();
        }
    }

    /** A negative check: the condition stays false for 10 of the keeper's ticks (200 ms). */
    private static void assertStaysFalse(BooleanSupplier condition, String what) {
        Instant until = Instant.now().plusMillis(200);
        while (Instant.now().isBefore(until)) {
            assertFalse(condition.getAsBoolean(), what);
            pollInterval();
        }
    }

    private static void pollInterval() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

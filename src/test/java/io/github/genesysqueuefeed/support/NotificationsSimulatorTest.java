package io.github.genesysqueuefeed.support;

import static io.github.genesysqueuefeed.support.NotificationsSimulator.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.genesysqueuefeed.event.Json;
import io.github.genesysqueuefeed.push.NotificationMessage;
import io.github.genesysqueuefeed.push.NotificationMessage.Heartbeat;
import io.github.genesysqueuefeed.push.NotificationMessage.QueueObservation;
import io.github.genesysqueuefeed.push.NotificationMessage.SocketClosing;
import io.github.genesysqueuefeed.push.NotificationParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator as the JDK's own HTTP and websocket clients see it; frames read by the feed's parser. */
class NotificationsSimulatorTest {

    private static final ObjectMapper JSON = Json.mapper();
    private static final String Q = "1f3c2d6e-0000-4000-8000-000000000001";
    private static final NotificationParser PARSER = new NotificationParser(JSON, "default");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // as the feed's GenesysHttp
    private static NotificationsSimulator sim;

    @BeforeAll
    static void start() throws Exception {
        sim = NotificationsSimulator.start(Duration.ofMillis(200));
    }

    @AfterAll
    static void stop() throws Exception {
        sim.close();
    }

    /** Collects the text frames and the close of one socket. */
    static final class Client implements WebSocket.Listener {
        final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket;

        static Client connect(String uri) {
            Client client = new Client();
            client.socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(uri), client).join();
            return client;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frames.add(data.toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }

        /** The next frame that is not a periodic heartbeat. */
        NotificationMessage next() throws InterruptedException {
            while (true) {
                String frame = frames.poll(10, TimeUnit.SECONDS);
                assertNotNull(frame, "a frame within 10 s");
                NotificationMessage message = PARSER.parse(frame);
                if (!(message instanceof Heartbeat beat) || beat.pong()) {
                    return message;
                }
            }
        }
    }

    private static HttpResponse<String> call(String method, String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer t")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode createChannel(String base) throws Exception {
        HttpResponse<String> created = call("POST", base + NotificationsSimulator.CHANNELS_PATH, null);
        assertEquals(200, created.statusCode(), created.body());
        return JSON.readTree(created.body());
    }

    @Test
    void channelSubscribePushHeartbeatPingAndSocketClosing() throws Exception {
        int puts = sim.calls("PUT /api/v2/notifications/channels/{id}/subscriptions");
        int connects = sim.calls("WS /channels/{id}");
        JsonNode channel = createChannel(sim.baseUrl());
        String id = channel.get("id").asText();
        assertEquals("ws://localhost:" + sim.port() + "/channels/" + id, channel.get("connectUri").asText());
        String subscriptions = sim.baseUrl() + NotificationsSimulator.CHANNELS_PATH + "/" + id + "/subscriptions";
        assertEquals(200, call("PUT", subscriptions, "[{\"id\":\"" + NotificationsSimulator.topic(Q) + "\"}]").statusCode());
        assertEquals(Set.of(NotificationsSimulator.topic(Q)), sim.topics(id));
        assertTrue(call("GET", subscriptions, null).body().contains(NotificationsSimulator.topic(Q)));

        Client client = Client.connect(channel.get("connectUri").asText());
        assertEquals(1, sim.push(Q, "voice", metric("oWaiting", 4)), "the one subscribed socket");
        assertEquals(0, sim.push("not-subscribed", "voice", metric("oWaiting", 1)));
        QueueObservation voice = assertInstanceOf(QueueObservation.class, client.next());
        assertEquals(Map.of("oWaiting", 4L), voice.counts());
        assertEquals("voice", voice.mediaType());

        assertInstanceOf(Heartbeat.class, PARSER.parse(client.frames.poll(10, TimeUnit.SECONDS)), "periodic");
        client.socket.sendText("{\"message\":\"ping\"}", true).join();
        assertTrue(assertInstanceOf(Heartbeat.class, client.next()).pong());
        assertTrue(sim.sendSocketClosing(id));
        assertInstanceOf(SocketClosing.class, client.next());

        assertEquals(200, call("DELETE", subscriptions, null).statusCode());
        assertEquals(Set.of(), sim.topics(id));
        assertEquals(puts + 1, sim.calls("PUT /api/v2/notifications/channels/{id}/subscriptions"));
        assertEquals(connects + 1, sim.calls("WS /channels/{id}"));
    }

    @Test
    void oneSocketPerChannelDroppedSocketsAndExpiredChannels() throws Exception {
        JsonNode channel = createChannel(sim.baseUrl());
        String id = channel.get("id").asText();
        Client first = Client.connect(channel.get("connectUri").asText());
        Client second = Client.connect(channel.get("connectUri").asText());
        assertEquals(1000, first.closed.get(10, TimeUnit.SECONDS), "a second connect closes the first");
        assertTrue(sim.connected(id));

        assertTrue(sim.dropSocket(id));
        second.closed.get(10, TimeUnit.SECONDS);
        assertTrue(sim.channelIds().contains(id), "a dropped socket leaves the channel valid");
        Client third = Client.connect(channel.get("connectUri").asText());

        sim.expire(id);
        assertEquals(1000, third.closed.get(10, TimeUnit.SECONDS));
        assertEquals(404, call("GET", sim.baseUrl() + NotificationsSimulator.CHANNELS_PATH + "/" + id + "/subscriptions",
                null).statusCode());
        CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> Client.connect(channel.get("connectUri").asText()));
        assertNotNull(refused.getCause());
    }

    @Test
    void refusalsWithRetryAfterDeniedQueuesAndTheTopicLimit() throws Exception {
        try {
            sim.refuseChannels(429, 7);
            HttpResponse<String> limited = call("POST", sim.baseUrl() + NotificationsSimulator.CHANNELS_PATH, null);
            assertEquals(429, limited.statusCode());
            assertEquals("7", limited.headers().firstValue("Retry-After").orElseThrow());
            assertEquals("too.many.requests.retry.after", JSON.readTree(limited.body()).get("code").asText());
            sim.refuseChannels(403, null);
            assertEquals(403, call("POST", sim.baseUrl() + NotificationsSimulator.CHANNELS_PATH, null).statusCode());
            sim.answerNormally();

            String id = createChannel(sim.baseUrl()).get("id").asText();
            String subscriptions = sim.baseUrl() + NotificationsSimulator.CHANNELS_PATH + "/" + id + "/subscriptions";
            sim.denyQueue("secret-queue");
            assertEquals(403, call("POST", subscriptions, "[{\"id\":\"" + NotificationsSimulator.topic("secret-queue")
                    + "\"}]").statusCode());
            StringBuilder many = new StringBuilder("[");
            for (int i = 0; i <= NotificationsSimulator.MAX_TOPICS; i++) {
                many.append(i == 0 ? "" : ",").append("{\"id\":\"").append(NotificationsSimulator.topic("q" + i)).append("\"}");
            }
            assertEquals(400, call("PUT", subscriptions, many + "]").statusCode(), "1,001 topics");
            assertEquals(Set.of(), sim.topics(id));
            assertEquals(401, HTTP.send(HttpRequest.newBuilder(URI.create(subscriptions)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "no bearer token");
        } finally {
            sim.answerNormally();
        }
    }

    @Test
    void wireMockForwardsTheNotificationPaths() throws Exception {
        WireMockServer wireMock = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        wireMock.start();
        try {
            sim.routeThrough(wireMock);
            int before = sim.calls("POST /api/v2/notifications/channels");
            JsonNode channel = createChannel(wireMock.baseUrl());
            assertEquals(before + 1, sim.calls("POST /api/v2/notifications/channels"));
            assertTrue(channel.get("connectUri").asText().startsWith("ws://localhost:" + sim.port()),
                    "the socket is the simulator's own, as streaming.<region> is in production");
            assertFalse(channel.get("expires").asText().isEmpty());
        } finally {
            wireMock.stop();
        }
    }
}

package io.github.genesysqueuefeed.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Genesys' Notifications API for tests and the demo: channels, subscriptions and one real websocket per channel
 * (Vert.x 4.5, already on the classpath through camel-platform-http-vertx), with controls a test drives.
 * Over 150 lines: it is one server whose REST and websocket halves share the channel table. In src/demo/java
 * (package {@code support}, as {@link Feed} and {@link KafkaTestBroker}) so the demo and the benchmarks can start it;
 * the tests use it from there unchanged.
 *
 * <p><b>How it sits next to WireMock</b> (decision): it serves only the notification paths, and
 * {@link #routeThrough(WireMockServer)} makes the test's WireMock proxy {@code /api/v2/notifications/**} to it. The
 * feed keeps ONE {@code genesys.api-url} as in production (token, queue listing and observations stay WireMock
 * stubs, the budget and the 401 refresh apply to subscription calls too), and follows {@code connectUri} to this
 * server's websocket, as it follows {@code wss://streaming.<region>} in production. A test may also call
 * {@link #baseUrl()} directly. Assumptions where Genesys' documentation is silent: a 21st channel is refused with
 * 400 (not "the oldest is replaced"), {@link #sendSocketClosing} sends the frame and leaves the socket open (call
 * {@link #dropSocket} to end it), a subscribe sent over the socket gets no reply.
 */
public final class NotificationsSimulator implements AutoCloseable {

    public static final String CHANNELS_PATH = "/api/v2/notifications/channels";
    public static final int MAX_CHANNELS = 20;
    public static final int MAX_TOPICS = 1_000;
    private static final Pattern SUBSCRIPTIONS = Pattern.compile(CHANNELS_PATH + "/([^/]+)/subscriptions");
    private static final Pattern CHANNEL = Pattern.compile(CHANNELS_PATH + "/([^/]+)");
    private static final Pattern SOCKET = Pattern.compile("/channels/([^/]+)");
    private static final Pattern TOPIC = Pattern.compile("v2\\.analytics\\.queues\\.([^.]+)\\.observations");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One metric of a pushed group; qualifier null for unqualified metrics. */
    public record Metric(String name, String qualifier, long count) {
    }

    public static Metric metric(String name, long count) {
        return new Metric(name, null, count);
    }

    public static Metric metric(String name, String qualifier, long count) {
        return new Metric(name, qualifier, count);
    }

    /** What the REST side answers instead of success, until {@link #answerNormally()}. */
    private record Refusal(int status, Integer retryAfterSeconds) {
    }

    private static final class Channel {
        final String id;
        final Instant expires;
        final Set<String> topics = new LinkedHashSet<>();
        volatile ServerWebSocket socket;
        volatile HttpConnection connection;

        Channel(String id, Instant expires) {
            this.id = id;
            this.expires = expires;
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Set<String> deniedQueues = ConcurrentHashMap.newKeySet();
    private final AtomicInteger channelNumber = new AtomicInteger();
    private final AtomicInteger framesSent = new AtomicInteger();
    private volatile Refusal refuseChannels;
    private volatile Refusal refuseSubscriptions;
    private volatile boolean silent;
    private final long heartbeatTimer;

    private NotificationsSimulator(Duration heartbeatPeriod) throws Exception {
        server = vertx.createHttpServer().requestHandler(this::handle);
        server.listen(0, "localhost").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        heartbeatTimer = vertx.setPeriodic(heartbeatPeriod.toMillis(), id -> {
            if (!silent) {
                heartbeat();
            }
        });
    }

    /** A simulator on a free port, sending a heartbeat on every socket every {@code heartbeatPeriod}. */
    public static NotificationsSimulator start(Duration heartbeatPeriod) throws Exception {
        return new NotificationsSimulator(heartbeatPeriod);
    }

    /** Heartbeats every 30 s, as Genesys sends them. */
    public static NotificationsSimulator start() throws Exception {
        return start(Duration.ofSeconds(30));
    }

    public int port() {
        return server.actualPort();
    }

    /** {@code http://localhost:<port>}: the notification paths only. */
    public String baseUrl() {
        return "http://localhost:" + port();
    }

    /** Makes {@code wireMock} forward every {@code /api/v2/notifications/...} call here (higher priority than other stubs). */
    public void routeThrough(WireMockServer wireMock) {
        wireMock.stubFor(any(urlPathMatching("/api/v2/notifications/.*")).atPriority(1)
                .willReturn(aResponse().proxiedFrom(baseUrl())));
    }

    // ---- controls ----

    /** Sends one observations message to every open socket whose channel subscribes the queue; returns how many. */
    public int push(String queueId, String mediaType, Metric... metrics) {
        String topic = topic(queueId);
        String frame = observationFrame(queueId, mediaType, List.of(metrics));
        int sent = 0;
        for (Channel channel : channels.values()) {
            boolean subscribed;
            synchronized (channel.topics) {
                subscribed = channel.topics.contains(topic);
            }
            if (subscribed && send(channel, frame)) {
                sent++;
            }
        }
        return sent;
    }

    /** One heartbeat on every open socket now; returns how many. */
    public int heartbeat() {
        int sent = 0;
        for (Channel channel : channels.values()) {
            if (send(channel, metadata("WebSocket Heartbeat"))) {
                sent++;
            }
        }
        return sent;
    }

    /** Stops the periodic heartbeats and the answers to pings (a socket that looks dead), until {@link #resume()}. */
    public void silence() {
        silent = true;
    }

    public void resume() {
        silent = false;
    }

    /** The {@code v2.system.socket_closing} frame on the channel's socket; the socket stays open. */
    public boolean sendSocketClosing(String channelId) {
        return send(channels.get(channelId),
                "{\"topicName\":\"v2.system.socket_closing\",\"eventBody\":{\"message\":\"Socket closing\"}}");
    }

    /** Any text on the channel's socket (malformed frames, unknown topics). */
    public boolean sendRaw(String channelId, String frame) {
        return send(channels.get(channelId), frame);
    }

    /** Cuts the channel's TCP connection without a close frame; the channel itself stays valid. */
    public boolean dropSocket(String channelId) {
        Channel channel = channels.get(channelId);
        HttpConnection connection = channel == null ? null : channel.connection;
        if (connection == null || channel.socket == null || channel.socket.isClosed()) {
            return false;
        }
        connection.close();
        return true;
    }

    /** The channel is gone, as after its 24 h: its socket closes, REST calls on it answer 404, connecting is refused. */
    public void expire(String channelId) {
        Channel channel = channels.remove(channelId);
        if (channel != null && channel.socket != null && !channel.socket.isClosed()) {
            channel.socket.close((short) 1000, "channel expired");
        }
    }

    /** From now on, {@code POST /channels} answers this status (403, 404, 429 ...), with Retry-After when given. */
    public void refuseChannels(int status, Integer retryAfterSeconds) {
        refuseChannels = new Refusal(status, retryAfterSeconds);
    }

    /** From now on, every subscriptions call answers this status, with Retry-After when given. */
    public void refuseSubscriptions(int status, Integer retryAfterSeconds) {
        refuseSubscriptions = new Refusal(status, retryAfterSeconds);
    }

    /** A subscription naming this queue's topic answers 403 missing.permissions (the whole call, nothing changes). */
    public void denyQueue(String queueId) {
        deniedQueues.add(queueId);
    }

    public void answerNormally() {
        refuseChannels = null;
        refuseSubscriptions = null;
        deniedQueues.clear();
    }

    // ---- what happened ----

    /**
     * Calls so far by method and path pattern: {@code "POST /api/v2/notifications/channels"},
     * {@code "PUT /api/v2/notifications/channels/{id}/subscriptions"}, {@code "WS /channels/{id}"} (connects).
     */
    public int calls(String methodAndPath) {
        AtomicInteger count = calls.get(methodAndPath);
        return count == null ? 0 : count.get();
    }

    public Map<String, Integer> calls() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        calls.forEach((key, count) -> copy.put(key, count.get()));
        return copy;
    }

    /** Live (not expired) channel ids. */
    public Set<String> channelIds() {
        return Set.copyOf(channels.keySet());
    }

    public Set<String> topics(String channelId) {
        Channel channel = channels.get(channelId);
        if (channel == null) {
            return Set.of();
        }
        synchronized (channel.topics) {
            return Set.copyOf(channel.topics);
        }
    }

    public boolean connected(String channelId) {
        Channel channel = channels.get(channelId);
        return channel != null && channel.socket != null && !channel.socket.isClosed();
    }

    public int openSockets() {
        return (int) channels.keySet().stream().filter(this::connected).count();
    }

    /** Frames written to sockets so far (observations, heartbeats, pongs, socket_closing, raw). */
    public int framesSent() {
        return framesSent.get();
    }

    @Override
    public void close() throws Exception {
        vertx.cancelTimer(heartbeatTimer);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    public static String topic(String queueId) {
        return "v2.analytics.queues." + queueId + ".observations";
    }

    // ---- the server ----

    private void handle(HttpServerRequest request) {
        String path = request.path();
        Matcher socket = SOCKET.matcher(path);
        if (socket.matches() && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            count("WS /channels/{id}");
            connect(request, socket.group(1));
            return;
        }
        request.body().onSuccess(body -> {
            try {
                answerRest(request, path, body.toString());
            } catch (Exception e) {
                respond(request, 500, error(500, "internal.server.error", String.valueOf(e)), null);
            }
        });
    }

    private void answerRest(HttpServerRequest request, String path, String body) throws Exception {
        String method = request.method().name();
        Matcher subscriptions = SUBSCRIPTIONS.matcher(path);
        Matcher channel = CHANNEL.matcher(path);
        String key = subscriptions.matches() ? CHANNELS_PATH + "/{id}/subscriptions"
                : channel.matches() ? CHANNELS_PATH + "/{id}" : path;
        count(method + " " + key);
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            respond(request, 401, error(401, "authentication.required", "No authentication bearer token specified"), null);
        } else if (path.equals(CHANNELS_PATH)) {
            channelsCall(request, method);
        } else if (subscriptions.matches()) {
            subscriptionsCall(request, method, subscriptions.group(1), body);
        } else if (channel.matches() && method.equals("HEAD")) {
            request.response().setStatusCode(channels.containsKey(channel.group(1)) ? 200 : 404).end();
        } else {
            respond(request, 404, error(404, "not.found", "No resource at " + path), null);
        }
    }

    private void channelsCall(HttpServerRequest request, String method) {
        if (method.equals("GET")) {
            ArrayNode entities = JSON.createArrayNode();
            channels.values().forEach(c -> entities.add(channelJson(c)));
            respond(request, 200, JSON.createObjectNode().set("entities", entities).toString(), null);
        } else if (!method.equals("POST")) {
            respond(request, 405, error(405, "method.not.allowed", method), null);
        } else if (refuseChannels != null) {
            refuse(request, refuseChannels);
        } else if (channels.size() >= MAX_CHANNELS) {
            respond(request, 400, error(400, "bad.request", "Too many channels: at most " + MAX_CHANNELS), null);
        } else {
            Channel created = new Channel("streaming-0-" + channelNumber.incrementAndGet(),
                    Instant.now().plus(Duration.ofHours(24)));
            channels.put(created.id, created);
            respond(request, 200, channelJson(created).toString(), null);
        }
    }

    private void subscriptionsCall(HttpServerRequest request, String method, String channelId, String body)
            throws Exception {
        Channel channel = channels.get(channelId);
        if (refuseSubscriptions != null) {
            refuse(request, refuseSubscriptions);
            return;
        }
        if (channel == null) {
            respond(request, 404, error(404, "not.found", "Channel " + channelId + " not found"), null);
            return;
        }
        if (method.equals("PUT") || method.equals("POST")) {
            JsonNode list = JSON.readTree(body.isEmpty() ? "null" : body);
            if (list == null || !list.isArray()) {
                respond(request, 400, error(400, "bad.request", "Expected a list of topics"), null);
                return;
            }
            Set<String> requested = new LinkedHashSet<>();
            for (JsonNode entry : list) {
                String topic = entry.path("id").asText("");
                Matcher matcher = TOPIC.matcher(topic);
                if (!matcher.matches()) {
                    respond(request, 400, error(400, "bad.request", "Invalid topic " + topic), null);
                    return;
                }
                if (deniedQueues.contains(matcher.group(1))) {
                    respond(request, 403, error(403, "missing.permissions",
                            "Missing permission analytics:queueObservation:view for " + topic), null);
                    return;
                }
                requested.add(topic);
            }
            synchronized (channel.topics) {
                Set<String> after = new LinkedHashSet<>(method.equals("PUT") ? Set.of() : channel.topics);
                after.addAll(requested);
                if (after.size() > MAX_TOPICS) {
                    respond(request, 400, error(400, "bad.request",
                            "A channel holds at most " + MAX_TOPICS + " topics, not " + after.size()), null);
                    return;
                }
                channel.topics.clear();
                channel.topics.addAll(after);
            }
        } else if (method.equals("DELETE")) {
            synchronized (channel.topics) {
                channel.topics.clear();
            }
            request.response().setStatusCode(200).end();
            return;
        } else if (!method.equals("GET")) {
            respond(request, 405, error(405, "method.not.allowed", method), null);
            return;
        }
        ArrayNode entities = JSON.createArrayNode();
        topics(channelId).forEach(topic -> entities.addObject().put("id", topic));
        respond(request, 200, JSON.createObjectNode().set("entities", entities).toString(), null);
    }

    private void connect(HttpServerRequest request, String channelId) {
        Channel channel = channels.get(channelId);
        if (channel == null) {
            request.response().setStatusCode(404).end();
            return;
        }
        HttpConnection connection = request.connection();
        request.toWebSocket().onSuccess(socket -> {
            ServerWebSocket previous = channel.socket;
            channel.socket = socket;
            channel.connection = connection;
            if (previous != null && !previous.isClosed()) {
                previous.close((short) 1000, "another connection opened on this channel");
            }
            socket.textMessageHandler(text -> fromClient(channel, text));
        });
    }

    private void fromClient(Channel channel, String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (Exception e) {
            return; // Genesys ignores what it does not understand
        }
        String kind = message.path("message").asText("");
        if (kind.equals("ping") && !silent) {
            send(channel, metadata("pong"));
        } else if (kind.equals("subscribe")) {
            synchronized (channel.topics) {
                message.path("topics").forEach(topic -> {
                    if (channel.topics.size() < MAX_TOPICS) {
                        channel.topics.add(topic.asText());
                    }
                });
            }
        }
    }

    private boolean send(Channel channel, String frame) {
        ServerWebSocket socket = channel == null ? null : channel.socket;
        if (socket == null || socket.isClosed()) {
            return false;
        }
        socket.writeTextMessage(frame);
        framesSent.incrementAndGet();
        return true;
    }

    private void count(String key) {
        calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    private ObjectNode channelJson(Channel channel) {
        return JSON.createObjectNode().put("id", channel.id)
                .put("connectUri", "ws://localhost:" + port() + "/channels/" + channel.id)
                .put("expires", channel.expires.toString());
    }

    private static void refuse(HttpServerRequest request, Refusal refusal) {
        String code = switch (refusal.status()) {
            case 403 -> "missing.permissions";
            case 404 -> "not.found";
            case 429 -> "too.many.requests.retry.after";
            default -> "error";
        };
        respond(request, refusal.status(), error(refusal.status(), code, "The simulator refuses this call"),
                refusal.retryAfterSeconds());
    }

    private static void respond(HttpServerRequest request, int status, String body, Integer retryAfterSeconds) {
        var response = request.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        if (retryAfterSeconds != null) {
            response.putHeader("Retry-After", String.valueOf(retryAfterSeconds));
        }
        response.end(body);
    }

    private static String error(int status, String code, String message) {
        return JSON.createObjectNode().put("message", message).put("code", code).put("status", status)
                .put("contextId", "sim-" + System.nanoTime()).<ObjectNode>set("details", JSON.createArrayNode())
                .set("errors", JSON.createArrayNode()).toString();
    }

    private static String metadata(String message) {
        return "{\"topicName\":\"channel.metadata\",\"eventBody\":{\"message\":\"" + message + "\"}}";
    }

    static String observationFrame(String queueId, String mediaType, List<Metric> metrics) {
        ObjectNode frame = JSON.createObjectNode().put("topicName", topic(queueId)).put("version", "2");
        ObjectNode body = frame.putObject("eventBody");
        ObjectNode group = body.putObject("group").put("queueId", queueId);
        if (mediaType != null) {
            group.put("mediaType", mediaType);
        }
        Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ObjectNode interval = body.putArray("data").addObject().put("interval", start + "/" + start.plusSeconds(1));
        ArrayNode list = interval.putArray("metrics");
        for (Metric metric : metrics) {
            ObjectNode entry = list.addObject().put("metric", metric.name());
            if (metric.qualifier() != null) {
                entry.put("qualifier", metric.qualifier());
            }
            entry.putObject("stats").put("count", metric.count());
        }
        frame.putObject("metadata").put("CorrelationId", "sim-" + System.nanoTime());
        return frame.toString();
    }
}

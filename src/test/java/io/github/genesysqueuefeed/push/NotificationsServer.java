package io.github.genesysqueuefeed.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small real Genesys for the channel tests: the token endpoint, the channels and subscriptions API, and each
 * channel's websocket, on one Vert.x server on a random port. Everything that happens is written, in order, to
 * {@link #events()} ("create ch-1", "put ch-1 1000", "post ch-1 5", "delete ch-1", "open ch-1", "closed ch-1",
 * "ping ch-1").
 */
final class NotificationsServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHANNELS = "/api/v2/notifications/channels";

    private record Scripted(String request, int status, String retryAfter) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Clock clock;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<String, Set<String>> topics = new ConcurrentHashMap<>();
    private final Map<String, ServerWebSocket> sockets = new ConcurrentHashMap<>();
    private final Deque<Scripted> scripted = new ArrayDeque<>();
    private final AtomicInteger channelCount = new AtomicInteger();
    private volatile String held;
    private volatile boolean answerPings = true;
    private volatile boolean refuseSockets;
    private volatile Duration channelLifetime = Duration.ofHours(24);

    NotificationsServer(Clock clock) throws Exception {
        this.clock = clock;
        this.server = vertx.createHttpServer()
                .webSocketHandler(this::socket)
                .requestHandler(this::request)
                .listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String baseUrl() {
        return "http://localhost:" + server.actualPort();
    }

    List<String> events() {
        return List.copyOf(events);
    }

    /** Events starting with {@code prefix}, e.g. "create" or "put ch-2". */
    List<String> events(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).toList();
    }

    Set<String> topicsOf(String channelId) {
        return topics.getOrDefault(channelId, Set.of());
    }

    /** The next request "METHOD path-prefix" is answered with {@code status} (and Retry-After when not null). */
    synchronized void answerNext(String request, int status, String retryAfter) {
        scripted.add(new Scripted(request, status, retryAfter));
    }

    /** Requests "METHOD path" (exactly) get no answer at all. */
    void hold(String request) {
        held = request;
    }

    void answerPings(boolean answer) {
        answerPings = answer;
    }

    /** Every socket is refused from now on (a websocket endpoint that is down). */
    void refuseSockets() {
        refuseSockets = true;
    }

    /** Genesys forgets the channel: its socket is refused from now on. */
    void forget(String channelId) {
        topics.remove(channelId);
    }

    void channelLifetime(Duration lifetime) {
        channelLifetime = lifetime;
    }

    void send(String channelId, String text) {
        sockets.get(channelId).writeTextMessage(text);
    }

    /** Closes the channel's socket from the server side, as a network drop or Genesys restart would. */
    void drop(String channelId) {
        sockets.get(channelId).close((short) 1011, "going away");
    }

    private synchronized Scripted scriptedFor(String request) {
        for (Scripted s : scripted) {
            if (request.startsWith(s.request())) {
                scripted.remove(s);
                return s;
            }
        }
        return null;
    }

    private void request(HttpServerRequest req) {
        String request = req.method().name() + " " + req.path();
        req.body().onSuccess(body -> {
            if (request.equals(held)) {
                events.add("held " + request);
                return;
            }
            Scripted answer = scriptedFor(request);
            if (answer != null) {
                events.add("answered " + answer.status() + " " + request);
                if (answer.retryAfter() != null) {
                    req.response().putHeader("Retry-After", answer.retryAfter());
                }
                req.response().setStatusCode(answer.status()).end("{\"code\":\"scripted\",\"contextId\":\"ctx\"}");
                return;
            }
            if (request.equals("POST /oauth/token")) {
                req.response().putHeader("Content-Type", "application/json")
                        .end("{\"access_token\":\"push-token\",\"expires_in\":86400}");
            } else if (request.equals("POST " + CHANNELS)) {
                String id = "ch-" + channelCount.incrementAndGet();
                events.add("create " + id);
                topics.put(id, new LinkedHashSet<>());
                req.response().putHeader("Content-Type", "application/json").end(JSON.createObjectNode()
                        .put("id", id)
                        .put("connectUri", "ws://localhost:" + server.actualPort() + "/channels/" + id)
                        .put("expires", clock.instant().plus(channelLifetime).toString()).toString());
            } else if (req.path().startsWith(CHANNELS + "/") && req.path().endsWith("/subscriptions")) {
                String id = req.path().substring(CHANNELS.length() + 1, req.path().length() - "/subscriptions".length());
                if (req.method().name().equals("DELETE")) {
                    topics.computeIfPresent(id, (k, v) -> new LinkedHashSet<>());
                    events.add("delete " + id);
                    req.response().setStatusCode(204).end();
                    return;
                }
                List<String> listed = new ArrayList<>();
                try {
                    for (JsonNode topic : JSON.readTree(body.toString())) {
                        listed.add(topic.path("id").asText());
                    }
                } catch (Exception e) {
                    req.response().setStatusCode(400).end();
                    return;
                }
                Set<String> onChannel = topics.computeIfAbsent(id, k -> new LinkedHashSet<>());
                if (req.method().name().equals("PUT")) {
                    onChannel.clear();
                }
                onChannel.addAll(listed);
                events.add(req.method().name().toLowerCase() + " " + id + " " + listed.size());
                req.response().putHeader("Content-Type", "application/json").end("{\"entities\":[]}");
            } else {
                req.response().setStatusCode(404).end("{\"code\":\"not.found\"}");
            }
        });
    }

    @SuppressWarnings("deprecation")
    private void socket(ServerWebSocket ws) {
        String id = ws.path().substring("/channels/".length());
        if (!topics.containsKey(id) || refuseSockets) {
            events.add("refused " + id);
            ws.reject(404);
            return;
        }
        sockets.put(id, ws);
        events.add("open " + id);
        ws.textMessageHandler(text -> {
            if (text.contains("\"ping\"")) {
                events.add("ping " + id);
                if (answerPings) {
                    ws.writeTextMessage("{\"topicName\":\"channel.metadata\",\"eventBody\":{\"message\":\"pong\"}}");
                }
            }
        });
        ws.closeHandler(v -> events.add("closed " + id));
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}

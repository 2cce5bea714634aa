package io.github.genesysqueuefeed.demo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.genesysqueuefeed.support.NotificationsSimulator;
import io.github.genesysqueuefeed.support.NotificationsSimulator.Metric;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * DEMO AND TEST CODE ONLY: a simulated Genesys Cloud org on localhost, so the demo and the benchmark run the real
 * pipeline with nothing installed. It answers the three calls the feed makes, shaped exactly like Genesys
 * (Genesys Cloud's public API reference, developer.genesys.cloud): the client-credentials token, the paged queue listing, and the observations
 * query, with numbers that move like a contact center's from one snapshot to the next. It lives in src/demo/java (a test
 * source root), so the shipped jar cannot contain it, let alone talk to it instead of a real org.
 *
 * <p>Push mode: {@link #routeNotificationsTo} forwards {@code /api/v2/notifications/**} to a
 * {@link NotificationsSimulator} (the feed keeps one {@code genesys.api-url}, as against a real org), and
 * {@link #change} moves one queue and says which observation groups changed, for {@link OrgChanges} to push. Once
 * something calls {@link #change}, queries stop moving the numbers ({@link #freeze}): the org changes on its own
 * clock, whatever the feed asks, so push and poll see the same org. Each change is numbered per queue and the
 * queue's member count ({@code oMemberUsers}, {@code agents.members}) carries the number: whoever reads an event
 * knows exactly which change it reflects and when the simulator made it ({@link #changedAt}). Over 150 lines: one
 * org, its three REST calls and its changes share the queue table.
 */
public final class GenesysSimulator implements AutoCloseable {

    public static final String CLIENT_ID = "demo-client";
    public static final String CLIENT_SECRET = "demo-secret";
    private static final String[] NAMES = {
        "Support", "Billing", "Sales", "Retention", "Technical Support L2", "Onboarding", "Returns", "Claims",
        "VIP Care", "Payments", "Fraud", "Collections", "Orders", "Shipping", "Warranty", "Spanish Support",
        "French Support", "Partners", "Escalations", "After Hours"};
    private static final List<String> ALL_MEDIA = List.of("voice", "chat", "email");
    private static final String OFFLINE_PRESENCE = "6a3af858-942f-489d-9700-5f9bcdcdae9b";
    private static final String BREAK_PRESENCE = "31fe3bac-dea6-44b7-bed7-47f91660a1a0";

    private final HttpServer server;
    private final List<SimQueue> queues = new ArrayList<>();
    private final Map<String, SimQueue> byId = new HashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private final Random random = new Random(42);
    private final AtomicLong observationCalls = new AtomicLong();
    private final AtomicLong listingCalls = new AtomicLong();
    private final AtomicLong tokenCalls = new AtomicLong();
    private final AtomicLong notificationCalls = new AtomicLong();
    private volatile boolean advanceOnQuery = true;
    private final java.net.http.HttpClient forwarder = java.net.http.HttpClient.newHttpClient();
    private final String[] media;
    /** Every observations query: when it arrived and when its response was written (epoch ms); bounded. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Request> observationLog =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger observationLogSize = new java.util.concurrent.atomic.AtomicInteger();
    private static final int MAX_LOGGED = 100_000;

    /**
     * One observations query as the simulator saw it: arrival, response written (epoch ms), how many queues it
     * asked for and the first of them.
     */
    public record Request(long receivedAtMillis, long respondedAtMillis, int queues, String firstQueueId) {
    }

    private GenesysSimulator(int queueCount, List<String> mediaTypes) throws IOException {
        this.media = mediaTypes.toArray(String[]::new);
        for (int i = 0; i < queueCount; i++) {
            String name = i < NAMES.length ? NAMES[i] : String.format("Queue %04d", i + 1);
            SimQueue queue = new SimQueue(new UUID(0x1f3c2d6e00004000L, 0x8000000000000000L | i).toString(), name,
                    3 + random.nextInt(20), media);
            queues.add(queue);
            byId.put(queue.id, queue);
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "genesys-simulator");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/oauth/token", this::token);
        server.createContext("/api/v2/routing/queues", this::listQueues);
        server.createContext("/api/v2/analytics/queues/observations/query", this::observations);
        server.start();
    }

    /** {@code queueCount} queues with voice, chat and email. */
    public static GenesysSimulator start(int queueCount) throws IOException {
        return start(queueCount, ALL_MEDIA);
    }

    /** {@code queueCount} queues, each reporting the given media types (e.g. voice and chat only). */
    public static GenesysSimulator start(int queueCount, List<String> mediaTypes) throws IOException {
        if (mediaTypes.isEmpty() || !ALL_MEDIA.containsAll(mediaTypes)) {
            throw new IllegalArgumentException("media types must be among " + ALL_MEDIA + ": " + mediaTypes);
        }
        return new GenesysSimulator(queueCount, mediaTypes);
    }

    /** The observations queries answered so far, in arrival order (at most the first 100,000). */
    public List<Request> observationRequests() {
        List<Request> requests = new ArrayList<>(observationLog);
        requests.sort(java.util.Comparator.comparingLong(Request::receivedAtMillis));
        return requests;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<String> queueIds() {
        return queues.stream().map(q -> q.id).toList();
    }

    public long observationCalls() {
        return observationCalls.get();
    }

    public long listingCalls() {
        return listingCalls.get();
    }

    public long tokenCalls() {
        return tokenCalls.get();
    }

    /** Calls forwarded to the notifications simulator ({@link #routeNotificationsTo}). */
    public long notificationCalls() {
        return notificationCalls.get();
    }

    /** One change made by {@link #change}: the queue's change number, its instant and the groups it changed. */
    public record Change(String queueId, int number, long atMillis, List<Group> groups) {
    }

    /** An observation group as a notification carries it: media type (null: the queue's user metrics) and metrics. */
    public record Group(String mediaType, List<Metric> metrics) {
    }

    /** From now on an observations query reports the numbers as they are, without moving them. */
    public void freeze() {
        advanceOnQuery = false;
    }

    /**
     * Moves one queue's numbers now (calls arrive and are answered, agents come and go) and numbers the change;
     * returns the groups that changed, conversation groups first and the user group (which carries the number)
     * last. Freezes the queries ({@link #freeze}).
     */
    public Change change(String queueId) {
        freeze();
        SimQueue queue = byId.get(queueId);
        synchronized (queue) {
            List<Group> before = queue.groups();
            long now = System.currentTimeMillis();
            queue.advance(now, random);
            queue.changedAt.add(now);
            List<Group> changed = new ArrayList<>(queue.groups());
            changed.removeIf(group -> group.mediaType() != null && before.contains(group));
            return new Change(queueId, queue.changedAt.size(), now, List.copyOf(changed));
        }
    }

    /** The change number an event's {@code agents.members} carries for this queue (0: no change yet). */
    public int changeNumber(String queueId, long members) {
        return (int) (members - byId.get(queueId).membersBase());
    }

    /** When the simulator made this queue's change {@code number} (epoch ms), or -1 for none. */
    public long changedAt(String queueId, int number) {
        SimQueue queue = byId.get(queueId);
        synchronized (queue) {
            return number < 1 || number > queue.changedAt.size() ? -1 : queue.changedAt.get(number - 1);
        }
    }

    /** Forwards {@code /api/v2/notifications/**} to {@code notificationsBaseUrl} (a {@link NotificationsSimulator}). */
    public void routeNotificationsTo(String notificationsBaseUrl) {
        server.createContext("/api/v2/notifications", exchange -> forward(exchange, notificationsBaseUrl));
    }

    private void forward(HttpExchange exchange, String target) throws IOException {
        notificationCalls.incrementAndGet();
        byte[] body = exchange.getRequestBody().readAllBytes();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(target + exchange.getRequestURI()))
                .method(exchange.getRequestMethod(), body.length == 0 ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : List.of("Authorization", "Content-Type")) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        java.net.http.HttpResponse<byte[]> response;
        try {
            response = forwarder.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        response.headers().firstValue("Retry-After").ifPresent(v -> exchange.getResponseHeaders().set("Retry-After", v));
        response.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void token(HttpExchange exchange) throws IOException {
        tokenCalls.incrementAndGet();
        String expected = "Basic " + java.util.Base64.getEncoder().encodeToString(
                (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, "{\"error\":\"invalid_client\",\"description\":\"client not found\"}");
            return;
        }
        send(exchange, 200, "{\"access_token\":\"sim-" + UUID.randomUUID()
                + "\",\"token_type\":\"bearer\",\"expires_in\":86400}");
    }

    private void listQueues(HttpExchange exchange) throws IOException {
        listingCalls.incrementAndGet();
        Map<String, List<String>> params = query(exchange.getRequestURI().getRawQuery());
        int pageSize = Integer.parseInt(params.getOrDefault("pageSize", List.of("25")).get(0));
        int pageNumber = Integer.parseInt(params.getOrDefault("pageNumber", List.of("1")).get(0));
        List<String> ids = params.getOrDefault("id", List.of());
        String name = params.getOrDefault("name", List.of("")).get(0).replace("*", "").toLowerCase();
        List<SimQueue> matching = queues.stream()
                .filter(q -> ids.isEmpty() || ids.contains(q.id))
                .filter(q -> q.name.toLowerCase().contains(name))
                .toList();
        int pageCount = Math.max(1, (matching.size() + pageSize - 1) / pageSize);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("entities");
            for (SimQueue q : matching.subList(Math.min((pageNumber - 1) * pageSize, matching.size()),
                    Math.min(pageNumber * pageSize, matching.size()))) {
                g.writeStartObject();
                g.writeStringField("id", q.id);
                g.writeStringField("name", q.name);
                g.writeObjectFieldStart("division");
                g.writeStringField("id", "b1c2d3e4-0000-4000-8000-000000000001");
                g.writeStringField("name", "Home");
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("pageNumber", pageNumber);
            g.writeNumberField("pageSize", pageSize);
            g.writeNumberField("total", matching.size());
            g.writeNumberField("pageCount", pageCount);
            g.writeEndObject();
        }
        send(exchange, 200, out.toByteArray());
    }

    private void observations(HttpExchange exchange) throws IOException {
        long received = System.currentTimeMillis();
        observationCalls.incrementAndGet();
        int asked = 0;
        String first = null;
        JsonNode body = json.readTree(exchange.getRequestBody());
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        long now = System.currentTimeMillis();
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("systemToOrganizationMappings");
            g.writeArrayFieldStart("OFFLINE");
            g.writeString(OFFLINE_PRESENCE);
            g.writeEndArray();
            g.writeArrayFieldStart("BREAK");
            g.writeString(BREAK_PRESENCE);
            g.writeEndArray();
            g.writeEndObject();
            g.writeArrayFieldStart("results");
            for (JsonNode predicate : body.path("filter").path("predicates")) {
                if (asked++ == 0) {
                    first = predicate.path("value").asText();
                }
                SimQueue queue = byId.get(predicate.path("value").asText());
                if (queue != null) {
                    synchronized (queue) {
                        if (advanceOnQuery) {
                            queue.advance(now, random);
                        }
                        queue.write(g, now);
                    }
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        send(exchange, 200, out.toByteArray());
        if (observationLogSize.incrementAndGet() <= MAX_LOGGED) {
            observationLog.add(new Request(received, System.currentTimeMillis(), asked, first));
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
        }
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> params = new HashMap<>();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /** One queue's live state; each observation moves it a step, like calls arriving and being answered. */
    private static final class SimQueue {
        final String id;
        final String name;
        final int staffed;
        final String[] media;
        final int[] waiting;
        final int[] interacting;
        final List<List<Long>> waitingSince = new ArrayList<>();
        /** When each numbered change was made (epoch ms): change n at index n - 1. */
        final List<Long> changedAt = new ArrayList<>();
        int idle;
        int offQueue;

        SimQueue(String id, String name, int staffed, String[] media) {
            this.id = id;
            this.name = name;
            this.staffed = staffed;
            this.media = media;
            this.waiting = new int[media.length];
            this.interacting = new int[media.length];
            for (int m = 0; m < media.length; m++) {
                waitingSince.add(new ArrayList<>());
            }
            this.idle = staffed / 3;
            this.offQueue = staffed / 4;
        }

        void advance(long now, Random random) {
            for (int m = 0; m < media.length; m++) {
                int arrivals = random.nextInt(m == 0 ? 4 : 2);
                for (int i = 0; i < arrivals; i++) {
                    waitingSince.get(m).add(now - random.nextInt(30_000));
                }
                int answered = Math.min(waitingSince.get(m).size(), random.nextInt(4));
                for (int i = 0; i < answered; i++) {
                    waitingSince.get(m).remove(0);
                }
                waiting[m] = waitingSince.get(m).size();
                interacting[m] = Math.max(0, Math.min(staffed, interacting[m] + answered - random.nextInt(3)));
            }
            int busy = busy();
            idle = Math.max(0, staffed - offQueue - Math.min(busy, staffed) - random.nextInt(2));
            offQueue = Math.max(0, Math.min(staffed / 2, offQueue + random.nextInt(3) - 1));
        }

        /** The member count before any change; each change adds one. */
        int membersBase() {
            return staffed + 5;
        }

        int members() {
            return membersBase() + changedAt.size();
        }

        /** The groups a notification of this queue carries now; metrics with nothing to count are left out. */
        List<Group> groups() {
            List<Group> groups = new ArrayList<>();
            for (int m = 0; m < media.length; m++) {
                List<Metric> metrics = new ArrayList<>();
                if (waiting[m] > 0) {
                    metrics.add(NotificationsSimulator.metric("oWaiting", waiting[m]));
                }
                if (interacting[m] > 0) {
                    metrics.add(NotificationsSimulator.metric("oInteracting", interacting[m]));
                }
                groups.add(new Group(media[m], List.copyOf(metrics)));
            }
            int busy = Math.min(staffed, busy());
            groups.add(new Group(null, List.of(
                    NotificationsSimulator.metric("oOnQueueUsers", "IDLE", idle),
                    NotificationsSimulator.metric("oOnQueueUsers", "INTERACTING", busy),
                    NotificationsSimulator.metric("oOffQueueUsers", OFFLINE_PRESENCE, offQueue),
                    NotificationsSimulator.metric("oMemberUsers", members()),
                    NotificationsSimulator.metric("oActiveUsers", idle + busy + offQueue))));
            return groups;
        }

        int busy() {
            int busy = 0;
            for (int count : interacting) {
                busy += count;
            }
            return busy;
        }

        void write(JsonGenerator g, long now) throws IOException {
            for (int m = 0; m < media.length; m++) {
                g.writeStartObject();
                g.writeObjectFieldStart("group");
                g.writeStringField("queueId", id);
                g.writeStringField("mediaType", media[m]);
                g.writeEndObject();
                g.writeArrayFieldStart("data");
                if (waiting[m] > 0) { // like Genesys, a metric with nothing to count is left out
                    count(g, "oWaiting", null, waiting[m]);
                    g.writeBooleanField("truncated", false);
                    g.writeArrayFieldStart("observations");
                    for (long since : waitingSince.get(m)) {
                        g.writeStartObject();
                        g.writeStringField("observationDate", Instant.ofEpochMilli(since).toString());
                        g.writeStringField("conversationId", UUID.nameUUIDFromBytes((id + since).getBytes()).toString());
                        g.writeStringField("direction", "inbound");
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                if (interacting[m] > 0) {
                    count(g, "oInteracting", null, interacting[m]);
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeStartObject();
            g.writeObjectFieldStart("group");
            g.writeStringField("queueId", id);
            g.writeEndObject();
            g.writeArrayFieldStart("data");
            int busy = Math.min(staffed, busy());
            count(g, "oOnQueueUsers", "IDLE", idle);
            g.writeEndObject();
            count(g, "oOnQueueUsers", "INTERACTING", busy);
            g.writeEndObject();
            count(g, "oOffQueueUsers", OFFLINE_PRESENCE, offQueue);
            g.writeEndObject();
            count(g, "oMemberUsers", null, members());
            g.writeEndObject();
            count(g, "oActiveUsers", null, idle + busy + offQueue);
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }

        /** Opens a datum object with metric, qualifier and stats; the caller closes it. */
        private static void count(JsonGenerator g, String metric, String qualifier, long count) throws IOException {
            g.writeStartObject();
            g.writeStringField("metric", metric);
            if (qualifier != null) {
                g.writeStringField("qualifier", qualifier);
            }
            g.writeObjectFieldStart("stats");
            g.writeNumberField("count", count);
            g.writeEndObject();
        }
    }
}

package io.github.genesysqueuefeed.demo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
                        queue.advance(now, random);
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
            count(g, "oMemberUsers", null, staffed + 5);
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

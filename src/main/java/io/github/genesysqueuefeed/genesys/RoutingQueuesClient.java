package io.github.genesysqueuefeed.genesys;

import io.github.genesysqueuefeed.event.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.event.QueueStatusEvent.Division;
import io.github.genesysqueuefeed.genesys.GenesysApi;
import io.github.genesysqueuefeed.genesys.GenesysResponse;
import io.github.genesysqueuefeed.genesys.RetryPolicy;
import io.github.genesysqueuefeed.genesys.QueueRef;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v2/routing/queues}: lists the queues the client can see (discovery), or looks up the names of
 * configured ids, 100 per call. Every call goes through the org's {@link GenesysApi} (the token's budget, the 401
 * refresh, the 429 pause) and is retried by {@link RetryPolicy}, the same policy as the observations. Paging is
 * guarded ({@link ListingGuard}), and names longer than {@value #MAX_NAME_CHARS} characters are cut there.
 */
public final class RoutingQueuesClient {

    /** Queues per listing page: also what BatchSizing counts the listing by. */
    public static final int PAGE_SIZE = 100;
    /** Queue and division names are cut to this many characters: they travel in every event. */
    public static final int MAX_NAME_CHARS = 256;
    private static final Logger LOG = LoggerFactory.getLogger(RoutingQueuesClient.class);
    private static final String PERMISSION = "routing:queue:view";
    private static final ObjectMapper JSON = Json.mapper();

    private final String org;
    private final String apiUrl;
    private final GenesysApi api;
    private final RetryPolicy retry;

    public RoutingQueuesClient(String org, String apiUrl, GenesysApi api, RetryPolicy retry) {
        this.org = org;
        this.apiUrl = apiUrl;
        this.api = api;
        this.retry = retry;
    }

    /** Every queue the client sees (with name and division), narrowed by name pattern and divisions, in the order Genesys lists them. */
    public List<QueueRef> listQueues(String nameFilter, List<String> divisionIds) throws InterruptedException {
        StringBuilder filters = new StringBuilder();
        if (nameFilter != null) {
            filters.append("&name=").append(URLEncoder.encode(nameFilter, StandardCharsets.UTF_8));
        }
        for (String division : divisionIds) {
            filters.append("&divisionId=").append(URLEncoder.encode(division, StandardCharsets.UTF_8));
        }
        List<QueueRef> queues = new ArrayList<>();
        ListingGuard guard = new ListingGuard(PAGE_SIZE);
        int pageNumber = 1;
        int lastPage;
        do {
            JsonNode page = get("/api/v2/routing/queues?pageSize=" + PAGE_SIZE + "&pageNumber=" + pageNumber + filters);
            List<QueueRef> onPage = new ArrayList<>();
            page.path("entities").forEach(q -> onPage.add(queueRef(q)));
            ListingGuard.Verdict verdict = guard.page(pageNumber, page.path("pageCount").asLong(pageNumber),
                    page.hasNonNull("total") ? page.path("total").asLong(-1) : -1,
                    onPage.stream().map(QueueRef::id).toList());
            if (verdict.usePage()) {
                queues.addAll(onPage);
            }
            if (verdict.stops()) {
                throw new IncompleteListingException("org '" + org + "': queue listing stopped after " + queues.size()
                        + " queues: " + verdict.stopReason(), queues);
            }
            lastPage = verdict.lastPage();
            pageNumber++;
        } while (pageNumber <= lastPage);
        if (guard.note() != null) {
            LOG.warn("org '{}': queue listing: {}", org, guard.note());
        }
        return queues;
    }

    /**
     * The configured queues with their names and divisions, looked up 100 ids per call; an id Genesys does not
     * know keeps a null name.
     */
    public List<QueueRef> lookup(List<String> queueIds) throws InterruptedException {
        java.util.Map<String, QueueRef> known = new java.util.HashMap<>();
        for (int from = 0; from < queueIds.size(); from += PAGE_SIZE) {
            List<String> batch = queueIds.subList(from, Math.min(from + PAGE_SIZE, queueIds.size()));
            StringBuilder path = new StringBuilder("/api/v2/routing/queues?pageSize=" + PAGE_SIZE + "&pageNumber=1");
            batch.forEach(id -> path.append("&id=").append(URLEncoder.encode(id, StandardCharsets.UTF_8)));
            get(path.toString()).path("entities").forEach(q -> known.put(q.path("id").asText(), queueRef(q)));
        }
        List<QueueRef> refs = new ArrayList<>(queueIds.size());
        queueIds.forEach(id -> refs.add(known.getOrDefault(id, new QueueRef(id, null))));
        return refs;
    }

    private static QueueRef queueRef(JsonNode entity) {
        JsonNode division = entity.path("division");
        Division known = division.hasNonNull("id")
                ? new Division(division.path("id").asText(), bounded(division.path("name").asText(null))) : null;
        return new QueueRef(entity.path("id").asText(), bounded(entity.path("name").asText(null)), known);
    }

    /** A name cut to {@value #MAX_NAME_CHARS} characters (never inside a surrogate pair); null stays null. */
    static String bounded(String name) {
        if (name == null || name.length() <= MAX_NAME_CHARS) {
            return name;
        }
        int end = Character.isHighSurrogate(name.charAt(MAX_NAME_CHARS - 1)) ? MAX_NAME_CHARS - 1 : MAX_NAME_CHARS;
        return name.substring(0, end);
    }

    private JsonNode get(String pathAndQuery) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + pathAndQuery))
                .header("Accept", "application/json").GET();
        try {
            return retry.run("org '" + org + "': queue listing", () -> {
                GenesysResponse response = api.call("queue listing", request, status -> { });
                api.check(response, "queue listing", PERMISSION);
                try {
                    return JSON.readTree(response.body());
                } catch (IOException e) {
                    throw new GenesysApiException("org '" + org + "': queue listing answered a body that is not JSON",
                            200, null, null, null);
                }
            });
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new GenesysApiException("org '" + org + "': queue listing failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), 0, null, null, null);
        }
    }
}

package io.github.genesysqueuefeed.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.auth.AccessToken;
import io.github.genesysqueuefeed.auth.ClientCredentialsTokenProvider;
import io.github.genesysqueuefeed.budget.RequestBudget;
import io.github.genesysqueuefeed.config.Masking;
import io.github.genesysqueuefeed.event.QueueStatusEvent.Division;
import io.github.genesysqueuefeed.observation.QueueRef;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/v2/routing/queues}: lists the queues the client can see (discovery), or looks up the names of
 * configured ids, 100 per call. Every call spends the token's {@link RequestBudget}, like the observations.
 */
public final class RoutingQueuesClient {

    static final int PAGE_SIZE = 100;
    private static final String PERMISSION = "routing:queue:view";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ATTEMPTS = 4;

    private final String org;
    private final String apiUrl;
    private final ClientCredentialsTokenProvider tokens;
    private final RequestBudget budget;
    private final HttpClient http;
    private final Duration timeout;

    public RoutingQueuesClient(String org, String apiUrl, ClientCredentialsTokenProvider tokens, RequestBudget budget,
                               HttpClient http, Duration timeout) {
        this.org = org;
        this.apiUrl = apiUrl;
        this.tokens = tokens;
        this.budget = budget;
        this.http = http;
        this.timeout = timeout;
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
        int pageNumber = 1;
        int pageCount;
        do {
            JsonNode page = get("/api/v2/routing/queues?pageSize=" + PAGE_SIZE + "&pageNumber=" + pageNumber + filters);
            page.path("entities").forEach(q -> queues.add(queueRef(q)));
            pageCount = page.path("pageCount").asInt(pageNumber);
            pageNumber++;
        } while (pageNumber <= pageCount);
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
                ? new Division(division.path("id").asText(), division.path("name").asText(null)) : null;
        return new QueueRef(entity.path("id").asText(), entity.path("name").asText(null), known);
    }

    private JsonNode get(String pathAndQuery) throws InterruptedException {
        boolean refreshed = false;
        for (int attempt = 1; ; attempt++) {
            budget.acquire();
            AccessToken token = tokens.token();
            HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + pathAndQuery))
                    .timeout(timeout)
                    .header("Authorization", token.authorizationHeader())
                    .header("Accept", "application/json")
                    .GET().build();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new GenesysApiException("org '" + org + "': queue listing failed: " + e.getClass().getSimpleName(),
                            0, null, null, null);
                }
                continue;
            }
            int status = response.statusCode();
            if (status == 200) {
                try {
                    return JSON.readTree(response.body());
                } catch (IOException e) {
                    throw new GenesysApiException("org '" + org + "': queue listing answered a body that is not JSON",
                            200, null, null, null);
                }
            }
            if (status == 401 && !refreshed) {
                tokens.invalidate(token.value());
                refreshed = true;
                continue;
            }
            // an error body may echo the request: the exception's message is logged, never the token
            GenesysApiException error = GenesysErrors.fromResponse(org, "queue listing", PERMISSION, status,
                    Masking.mask(response.body(), token.value()), response.headers().firstValue("Retry-After").orElse(null));
            if (status == 429) {
                budget.pauseFor(error.retryAfter() != null ? error.retryAfter() : Duration.ofSeconds(3));
            }
            if (!error.isRetryable() || attempt >= MAX_ATTEMPTS) {
                throw error;
            }
        }
    }
}

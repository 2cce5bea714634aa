package io.github.genesysqueuefeed.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth 2.0 client-credentials tokens for one org, cached until shortly before they expire.
 *
 * <p>Synchronized on purpose: when parallel batches all find the token stale, exactly one of them fetches
 * and the others wait for its result, so a token refresh is never a burst of logins. A rejected client
 * ({@code invalid_client}) is remembered for {@code failureBackoff}, so a wrong secret costs one login
 * attempt per back-off period instead of one per batch.
 */
public final class ClientCredentialsTokenProvider {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCredentialsTokenProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String org;
    private final URI tokenUri;
    private final String basicAuth;
    private final HttpClient http;
    private final Duration timeout;
    private final Duration failureBackoff;
    private final Clock clock;
    private final AtomicLong fetches = new AtomicLong();

    private AccessToken current;
    private GenesysAuthException rejected;
    private Instant rejectedUntil = Instant.MIN;

    public ClientCredentialsTokenProvider(String org, String loginUrl, String clientId, Secret clientSecret,
                                          HttpClient http, Duration timeout, Duration failureBackoff, Clock clock) {
        this.org = org;
        this.tokenUri = URI.create(loginUrl + "/oauth/token");
        this.basicAuth = "Basic " + Base64.getEncoder().encodeToString(
                (clientId + ":" + clientSecret.reveal()).getBytes(StandardCharsets.UTF_8));
        this.http = http;
        this.timeout = timeout;
        this.failureBackoff = failureBackoff;
        this.clock = clock;
    }

    /** A token that is valid for a while yet; fetches one when there is none or it is due for refresh. */
    public synchronized AccessToken token() {
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.refreshAt())) {
            return current;
        }
        if (rejected != null && now.isBefore(rejectedUntil)) {
            throw rejected;
        }
        current = fetch(now);
        rejected = null;
        return current;
    }

    /**
     * The API answered 401 to {@code token}: forget it so the next {@link #token()} fetches a new one. A token
     * that was already replaced (another batch got the 401 first) is left alone, so one expiry is one refresh.
     */
    public synchronized void invalidate(String tokenValue) {
        if (current != null && current.value().equals(tokenValue)) {
            current = null;
        }
    }

    public long fetchCount() {
        return fetches.get();
    }

    public String org() {
        return org;
    }

    private AccessToken fetch(Instant now) {
        fetches.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(tokenUri)
                .timeout(timeout)
                .header("Authorization", basicAuth)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new GenesysAuthException("org '" + org + "': token request to " + tokenUri + " failed: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), false, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenesysAuthException("org '" + org + "': interrupted while fetching a token", false, null);
        }
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status == 200 && body.hasNonNull("access_token")) {
            long lifetime = body.path("expires_in").asLong(0);
            if (lifetime <= 0) {
                lifetime = 300; // the shortest lifetime Genesys allows: never assume the 86400 default
            }
            Instant expiresAt = now.plusSeconds(lifetime);
            Instant refreshAt = expiresAt.minus(refreshMargin(Duration.ofSeconds(lifetime)));
            LOG.info("org '{}': fetched an access token valid for {} s (refresh at {})", org, lifetime, refreshAt);
            return new AccessToken(body.get("access_token").asText(), refreshAt, expiresAt);
        }
        String error = body.path("error").asText(body.path("code").asText(""));
        String description = body.path("description").asText(body.path("message").asText(""));
        if (status == 400 || status == 401 || status == 403) {
            rejected = new GenesysAuthException("org '" + org + "': Genesys rejected the client credentials ("
                    + (error.isEmpty() ? "HTTP " + status : error) + (description.isEmpty() ? "" : ": " + description)
                    + "); check genesys client-id and client-secret for this org. Next attempt in "
                    + failureBackoff.toSeconds() + " s", true, null);
            rejectedUntil = now.plus(failureBackoff);
            LOG.error(rejected.getMessage());
            throw rejected;
        }
        throw new GenesysAuthException("org '" + org + "': token request answered HTTP " + status
                + (error.isEmpty() ? "" : " " + error), false, null);
    }

    /** Refresh a tenth of the lifetime early (at most a minute, at least a second): no call races an expiry. */
    static Duration refreshMargin(Duration lifetime) {
        Duration tenth = lifetime.dividedBy(10);
        if (tenth.compareTo(Duration.ofMinutes(1)) > 0) {
            return Duration.ofMinutes(1);
        }
        return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : tenth;
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}

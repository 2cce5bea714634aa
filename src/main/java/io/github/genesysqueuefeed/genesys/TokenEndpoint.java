package io.github.genesysqueuefeed.genesys;

import io.github.genesysqueuefeed.event.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.secrets.Masking;
import io.github.genesysqueuefeed.secrets.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One org's OAuth token endpoint ({@code <login url>/oauth/token}): one client-credentials login per
 * {@link #login} call, its answer turned into an {@link AccessToken} or a {@link GenesysAuthException} that says
 * what to check. The Basic value is registered with {@link Masking}, and so is every token issued.
 */
final class TokenEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCredentialsTokenProvider.class);
    private static final ObjectMapper JSON = Json.mapper();

    private final String org;
    private final URI tokenUri;
    private final String basicAuth;
    private final GenesysHttp http;
    private final Duration failureBackoff;
    private final AtomicBoolean flooredLogged = new AtomicBoolean();

    TokenEndpoint(String org, String loginUrl, String clientId, Secret clientSecret, GenesysHttp http,
                  Duration failureBackoff) {
        this.org = org;
        this.tokenUri = URI.create(loginUrl + "/oauth/token");
        this.basicAuth = "Basic " + Base64.getEncoder().encodeToString(
                (clientId + ":" + clientSecret.reveal()).getBytes(StandardCharsets.UTF_8));
        Masking.register(basicAuth.substring("Basic ".length())); // an echoed Authorization header is masked too
        this.http = http;
        this.failureBackoff = failureBackoff;
    }

    URI uri() {
        return tokenUri;
    }

    /**
     * Logs in once. Rejected credentials (400, 401, 403) are logged and thrown as a GenesysAuthException whose
     * {@code isCredentialsRejected()} is true; the caller keeps it for the back-off.
     */
    AccessToken login(Instant now) {
        HttpRequest request = HttpRequest.newBuilder(tokenUri)
                .header("Authorization", basicAuth)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        GenesysResponse response;
        try {
            response = http.send(request, "org '" + org + "': token request to " + tokenUri);
        } catch (ResponseTooLargeException e) {
            throw new GenesysAuthException(e.getMessage(), false, null);
        } catch (IOException e) {
            String message = e.getMessage();
            throw new GenesysAuthException(message != null && message.startsWith("org '") ? message
                    : "org '" + org + "': token request to " + tokenUri + " failed: " + e.getClass().getSimpleName()
                    + (message == null ? "" : " " + message), false, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenesysAuthException("org '" + org + "': interrupted while fetching a token", false, null);
        }
        int status = response.status();
        JsonNode body = parse(response.body());
        if (status == 200 && body.hasNonNull("access_token")) {
            String value = body.get("access_token").asText();
            Masking.register(value); // from now on masked in every log line and record
            long lifetime = body.path("expires_in").asLong(0);
            if (lifetime <= 0) {
                lifetime = 300; // the shortest lifetime Genesys allows: never assume the 86400 default
            } else if (lifetime < ClientCredentialsTokenProvider.MIN_LIFETIME_SECONDS) {
                if (flooredLogged.compareAndSet(false, true)) {
                    LOG.warn("org '{}': the token endpoint says the token lives {} s; using it for {} s rather than "
                            + "logging in for nearly every call (logged once)", org, lifetime,
                            ClientCredentialsTokenProvider.MIN_LIFETIME_SECONDS);
                }
                lifetime = ClientCredentialsTokenProvider.MIN_LIFETIME_SECONDS;
            }
            Instant expiresAt = now.plusSeconds(lifetime);
            Instant refreshAt = expiresAt.minus(
                    ClientCredentialsTokenProvider.refreshMargin(Duration.ofSeconds(lifetime)));
            LOG.info("org '{}': fetched an access token valid for {} s (refresh at {})", org, lifetime, refreshAt);
            return new AccessToken(value, refreshAt, expiresAt);
        }
        String error = body.path("error").asText(body.path("code").asText(""));
        String description = body.path("description").asText(body.path("message").asText(""));
        description = Masking.mask(description, basicAuth.substring("Basic ".length()));
        if (status == 400 || status == 401 || status == 403) {
            GenesysAuthException rejected = new GenesysAuthException("org '" + org + "': Genesys rejected the client "
                    + "credentials (" + (error.isEmpty() ? "HTTP " + status : error)
                    + (description.isEmpty() ? "" : ": " + description)
                    + "); check genesys client-id and client-secret for this org. Next attempt in "
                    + failureBackoff.toSeconds() + " s", true, null);
            LOG.error(rejected.getMessage());
            throw rejected;
        }
        if (status == 407) {
            throw new GenesysAuthException("org '" + org + "': token request to " + tokenUri + ": the egress proxy ("
                    + http.proxy().describe() + ") answered HTTP 407: check genesys.http.proxy's user and password",
                    false, null);
        }
        throw new GenesysAuthException("org '" + org + "': token request answered HTTP " + status
                + (error.isEmpty() ? "" : " " + error), false, null);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}

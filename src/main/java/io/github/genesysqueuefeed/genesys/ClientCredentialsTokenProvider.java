package io.github.genesysqueuefeed.genesys;

import io.github.genesysqueuefeed.event.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.secrets.Masking;
import io.github.genesysqueuefeed.secrets.Secret;
import io.github.genesysqueuefeed.genesys.GenesysHttp;
import io.github.genesysqueuefeed.genesys.GenesysResponse;
import io.github.genesysqueuefeed.genesys.ResponseTooLargeException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth 2.0 client-credentials tokens for one org, cached until shortly before they expire.
 *
 * <p>One fetch at a time on purpose: when parallel batches all find the token stale, exactly one of them fetches
 * and the others wait for its result, so a token refresh is never a burst of logins. The wait is bounded: the fetch
 * itself ends at the call deadline ({@link GenesysHttp}), and a caller that cannot get its turn within that deadline
 * (plus a second) fails like a timed-out call instead of queueing behind a login host that trickles. A rejected
 * client ({@code invalid_client}) is remembered for {@code failureBackoff}, so a wrong secret costs one login attempt
 * per back-off period instead of one per batch.
 *
 * <p>The token call does not spend the org's {@code RequestBudget}: Genesys counts the 300 calls a minute per token
 * on the API host, and the login host (where the token is made, before there is a token to count against) is limited
 * separately. It has no retry loop either: a failed login fails the call that needed the token, and that call's
 * policy (the route's redelivery, or {@link io.github.genesysqueuefeed.genesys.RetryPolicy}) decides.
 *
 * <p>Issued tokens are registered with {@link Masking}, so no log line or record shows one. Lifetimes below
 * {@value #MIN_LIFETIME_SECONDS} s are treated as {@value #MIN_LIFETIME_SECONDS} s ({@code expires_in=1} would
 * otherwise mean one login per call), and a token refused {@value #REFUSALS_BEFORE_NEW_TOKEN} times in a row without
 * a 401 (431, connection resets, a 400 about the token) is dropped, so the next call logs in again.
 */
public final class ClientCredentialsTokenProvider {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCredentialsTokenProvider.class);
    private static final ObjectMapper JSON = Json.mapper();
    /** The shortest token lifetime the feed believes. */
    public static final long MIN_LIFETIME_SECONDS = 60;
    /** Refusals without a 401, in a row, after which a token is replaced. */
    public static final int REFUSALS_BEFORE_NEW_TOKEN = 3;

    private final String org;
    private final URI tokenUri;
    private final String basicAuth;
    private final GenesysHttp http;
    private final Duration failureBackoff;
    private final Clock clock;
    private final AtomicLong fetches = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean flooredLogged = new AtomicBoolean();

    private volatile AccessToken current;
    private GenesysAuthException rejected;
    private Instant rejectedUntil = Instant.MIN;
    private int refusals;

    public ClientCredentialsTokenProvider(String org, String loginUrl, String clientId, Secret clientSecret,
                                          GenesysHttp http, Duration failureBackoff, Clock clock) {
        this.org = org;
        this.tokenUri = URI.create(loginUrl + "/oauth/token");
        this.basicAuth = "Basic " + Base64.getEncoder().encodeToString(
                (clientId + ":" + clientSecret.reveal()).getBytes(StandardCharsets.UTF_8));
        Masking.register(basicAuth.substring("Basic ".length())); // an echoed Authorization header is masked too
        this.http = http;
        this.failureBackoff = failureBackoff;
        this.clock = clock;
    }

    /** A token that is valid for a while yet; fetches one when there is none or it is due for refresh. */
    public AccessToken token() {
        AccessToken cached = current;
        if (cached != null && clock.instant().isBefore(cached.refreshAt())) {
            return cached;
        }
        acquireTurn();
        try {
            Instant now = clock.instant();
            if (current != null && now.isBefore(current.refreshAt())) {
                return current; // another caller fetched while this one waited
            }
            if (rejected != null && now.isBefore(rejectedUntil)) {
                throw rejected;
            }
            current = fetch(now);
            refusals = 0;
            rejected = null;
            return current;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The API answered 401 to {@code token}: forget it so the next {@link #token()} fetches a new one. A token
     * that was already replaced (another batch got the 401 first) is left alone, so one expiry is one refresh.
     */
    public void invalidate(String tokenValue) {
        if (!tryTurn()) {
            return; // a fetch is running: it replaces the token anyway
        }
        try {
            if (current != null && current.value().equals(tokenValue)) {
                current = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The API accepted a call made with {@code tokenValue}: its refusal count starts again. */
    public void accepted(String tokenValue) {
        AccessToken cached = current;
        if (cached != null && cached.value().equals(tokenValue) && refusals != 0 && tryTurn()) {
            try {
                refusals = 0;
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * The API refused a call made with {@code tokenValue} without saying 401 (431, a reset connection, a 400 about the
     * token). After {@value #REFUSALS_BEFORE_NEW_TOKEN} in a row the token is dropped and the next call logs in again.
     */
    public void refusedWithout401(String tokenValue, String how) {
        if (!tryTurn()) {
            return;
        }
        try {
            if (current == null || !current.value().equals(tokenValue)) {
                return;
            }
            if (++refusals >= REFUSALS_BEFORE_NEW_TOKEN) {
                LOG.warn("org '{}': the API refused the access token {} times in a row without a 401 (last: {}); "
                        + "logging in again for a new one", org, refusals, how);
                current = null;
                refusals = 0;
            }
        } finally {
            lock.unlock();
        }
    }

    public long fetchCount() {
        return fetches.get();
    }

    public String org() {
        return org;
    }

    /** Waits for the running fetch at most one call deadline and a second, then fails like a timed-out call. */
    private void acquireTurn() {
        Duration wait = http.callTimeout().plusSeconds(1);
        try {
            if (lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenesysAuthException("org '" + org + "': interrupted while waiting for a token", false, null);
        }
        throw new GenesysAuthException("org '" + org + "': no token within " + wait.toMillis()
                + " ms: another token request to " + tokenUri + " is still running", false, null);
    }

    private boolean tryTurn() {
        try {
            return lock.tryLock(http.callTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private AccessToken fetch(Instant now) {
        fetches.incrementAndGet();
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
            } else if (lifetime < MIN_LIFETIME_SECONDS) {
                if (flooredLogged.compareAndSet(false, true)) {
                    LOG.warn("org '{}': the token endpoint says the token lives {} s; using it for {} s rather than "
                            + "logging in for nearly every call (logged once)", org, lifetime, MIN_LIFETIME_SECONDS);
                }
                lifetime = MIN_LIFETIME_SECONDS;
            }
            Instant expiresAt = now.plusSeconds(lifetime);
            Instant refreshAt = expiresAt.minus(refreshMargin(Duration.ofSeconds(lifetime)));
            LOG.info("org '{}': fetched an access token valid for {} s (refresh at {})", org, lifetime, refreshAt);
            return new AccessToken(value, refreshAt, expiresAt);
        }
        String error = body.path("error").asText(body.path("code").asText(""));
        String description = body.path("description").asText(body.path("message").asText(""));
        description = Masking.mask(description, basicAuth.substring("Basic ".length()));
        if (status == 400 || status == 401 || status == 403) {
            rejected = new GenesysAuthException("org '" + org + "': Genesys rejected the client credentials ("
                    + (error.isEmpty() ? "HTTP " + status : error) + (description.isEmpty() ? "" : ": " + description)
                    + "); check genesys client-id and client-secret for this org. Next attempt in "
                    + failureBackoff.toSeconds() + " s", true, null);
            rejectedUntil = now.plus(failureBackoff);
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

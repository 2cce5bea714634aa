package io.github.genesysqueuefeed.genesys;

import io.github.genesysqueuefeed.config.EgressProxy;

import io.github.genesysqueuefeed.genesys.AccessToken;
import io.github.genesysqueuefeed.genesys.ClientCredentialsTokenProvider;
import io.github.genesysqueuefeed.genesys.RequestBudget;
import io.github.genesysqueuefeed.config.Durations;
import io.github.genesysqueuefeed.secrets.Masking;
import io.github.genesysqueuefeed.config.ResilienceConfig;
import io.github.genesysqueuefeed.genesys.GenesysApiException;
import io.github.genesysqueuefeed.genesys.GenesysErrors;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One org's authenticated Genesys API calls (queue listing, observations), all made the same way: wait for the
 * token's {@link RequestBudget}, {@code Authorization: Bearer} from the cached token, send through {@link GenesysHttp},
 * one token refresh and one more try on a 401. {@link #check} turns any other non-2xx into a
 * {@link GenesysApiException}; a 429 first pauses the whole token's budget for its Retry-After, capped at
 * {@code genesys.retry.max-delay}. Retrying is the caller's policy (the route's redelivery, or {@link RetryPolicy}).
 *
 * <p>Also tells the token provider how its token fares: a success clears the count, a refusal that is not a 401
 * (431, a 400 about the token, a connection reset after sending it) counts, so a token the API keeps refusing is
 * replaced instead of kept for its whole life.
 *
 * <p>The observations route uses the pieces one step each ({@link #budget}, {@link #token}, {@link #send},
 * {@link #check}); the queue listing's {@link #call} chains the same pieces, so each exists once.
 *
 * Why this is long: the call's pieces, the 429 pause arithmetic and the token bookkeeping belong to the one client.
 */
public final class GenesysApi {

    private static final Logger LOG = LoggerFactory.getLogger(GenesysApi.class);

    private final String org;
    private final GenesysHttp http;
    private final ClientCredentialsTokenProvider tokens;
    private final RequestBudget budget;
    private final ResilienceConfig resilience;
    private final RateLimitRecorder stats;
    private final Clock clock;
    private final AtomicInteger consecutiveRateLimits = new AtomicInteger();
    private final AtomicBoolean cappedLogged = new AtomicBoolean();

    public GenesysApi(String org, GenesysHttp http, ClientCredentialsTokenProvider tokens, RequestBudget budget,
                      ResilienceConfig resilience, RateLimitRecorder stats, Clock clock) {
        this.org = org;
        this.http = http;
        this.tokens = tokens;
        this.budget = budget;
        this.resilience = resilience;
        this.stats = stats;
        this.clock = clock;
    }

    /**
     * Makes the call and returns Genesys' answer, whatever its status (after at most one token refresh on a 401):
     * the queue listing's way, built from the same pieces as the observations route's steps (budget, token, send).
     *
     * @param what          what is asked, for messages ("queue listing", "observations query for 100 queues")
     * @param request       the request without Authorization; copied for every attempt
     * @param statusCounter told the status of every answer (the observations count them by status)
     */
    public GenesysResponse call(String what, HttpRequest.Builder request, IntConsumer statusCounter)
            throws IOException, InterruptedException {
        budget.acquire();
        return send(what, request, token(), statusCounter);
    }

    /** The token's budget: waits for a call slot (and any Retry-After pause). The route's budget step. */
    public RequestBudget budget() {
        return budget;
    }

    /** The cached token (a new one when it expires soon). The route's token step. */
    public AccessToken token() {
        return tokens.token();
    }

    /**
     * Sends {@code request} with {@code token}; a 401 drops that token and sends once more with a new one, after
     * its own turn of the budget. Returns the answer whatever its status; {@link #check} judges it.
     */
    public GenesysResponse send(String what, HttpRequest.Builder request, AccessToken token, IntConsumer statusCounter)
            throws IOException, InterruptedException {
        String described = "org '" + org + "': " + what;
        GenesysResponse response = sendOnce(described, request, token, statusCounter);
        if (response.status() == 401) {
            tokens.invalidate(token.value()); // expired or revoked: one new token, one more try
            budget.acquire();
            token = tokens.token();
            response = sendOnce(described, request, token, statusCounter);
        }
        settle(response, token);
        return response;
    }

    /** One attempt; an I/O failure after the token was sent counts against the token (not a timeout or refusal). */
    private GenesysResponse sendOnce(String described, HttpRequest.Builder request, AccessToken token,
                                     IntConsumer statusCounter) throws IOException, InterruptedException {
        GenesysResponse response;
        try {
            response = http.send(request.copy().header("Authorization", token.authorizationHeader()).build(), described)
                    .withToken(token.value());
        } catch (ResponseTooLargeException tooLarge) {
            statusCounter.accept(tooLarge.status());
            throw tooLarge;
        } catch (HttpTimeoutException | ConnectException notRefused) {
            throw notRefused; // slow or unreachable: nothing to say about the token
        } catch (IOException reset) {
            tokens.refusedWithout401(token.value(), reset.getClass().getSimpleName());
            throw reset;
        }
        statusCounter.accept(response.status());
        return response;
    }

    /** Tells the token provider how its token fared (a second 401 is left to {@link #check}). */
    private void settle(GenesysResponse response, AccessToken token) {
        if (response.isSuccess()) {
            tokens.accepted(token.value());
            consecutiveRateLimits.set(0);
        } else if (refusesToken(response)) {
            tokens.refusedWithout401(token.value(), "HTTP " + response.status());
        }
    }

    /**
     * Lets a 2xx through; anything else becomes a {@link GenesysApiException} with Genesys' code, status and contextId
     * (error bodies masked: they may echo the request). A 429 pauses every call of the token first.
     *
     * @param permission the permission the call needs, named in a 403's message
     */
    public void check(GenesysResponse response, String what, String permission) {
        if (response.isSuccess()) {
            return;
        }
        if (response.status() == 407) {
            // the egress proxy, not Genesys: no Genesys code to read, the operator must look at the proxy settings
            GenesysApiException proxy = new GenesysApiException("org '" + org + "': " + what + ": the egress proxy ("
                    + http.proxy().describe() + ") answered HTTP 407: it wants credentials it did not accept; check "
                    + EgressProxy.KEY + " (http://user:password@host:port)", 407, "proxy.authentication.required", null, null);
            LOG.warn(proxy.getMessage());
            throw proxy;
        }
        GenesysApiException error = GenesysErrors.fromResponse(org, what, permission, response.status(),
                Masking.mask(response.body(), response.token()), response.header("Retry-After"), clock.instant());
        if (error.status() == 429) {
            Duration pause = rateLimitPause(error.retryAfter());
            budget.pauseFor(pause);
            stats.rateLimited(pause);
            LOG.warn("org '{}': 429 rate limited on {} (contextId={}), every call of this token waits {} ms",
                    org, what, error.contextId(), pause.toMillis());
        } else {
            LOG.warn(error.getMessage());
        }
        throw error;
    }

    /** Retry-After capped at genesys.retry.max-delay; without one, 3 s, 6 s, 12 s ... per 429 in a row, with jitter. */
    Duration rateLimitPause(Duration retryAfter) {
        int inARow = consecutiveRateLimits.incrementAndGet();
        if (retryAfter != null) {
            Duration capped = cappedRetryAfter(retryAfter, resilience.maxDelay());
            if (capped.compareTo(retryAfter) < 0 && cappedLogged.compareAndSet(false, true)) {
                LOG.warn("org '{}': Genesys asked to wait {} s (Retry-After); waiting genesys.retry.max-delay ({}) instead. "
                        + "Logged once", org, retryAfter.toSeconds(), Durations.format(resilience.maxDelay()));
            }
            return capped;
        }
        long first = resilience.rateLimitBackoff().toMillis();
        long base = first << Math.min(inARow - 1, 10);
        long cap = Math.max(resilience.maxDelay().toMillis(), first);
        long pause = Math.min(base, cap);
        return Duration.ofMillis(pause + ThreadLocalRandom.current().nextLong(pause / 5 + 1));
    }

    /** A Retry-After never holds the token longer than {@code maxDelay} (a 99999999 s answer would stop polling for good). */
    public static Duration cappedRetryAfter(Duration retryAfter, Duration maxDelay) {
        if (retryAfter == null || retryAfter.isNegative()) {
            return Duration.ZERO;
        }
        return retryAfter.compareTo(maxDelay) > 0 ? maxDelay : retryAfter;
    }

    /** 431 (headers too large: the token itself), or a 400 whose code or message is about the token. */
    static boolean refusesToken(GenesysResponse response) {
        if (response.status() == 431) {
            return true;
        }
        return response.status() == 400 && response.body() != null
                && response.body().toLowerCase(Locale.ROOT).contains("token");
    }

    public String org() {
        return org;
    }
}

package io.github.genesysqueuefeed.genesys;

import io.github.genesysqueuefeed.secrets.Masking;
import io.github.genesysqueuefeed.secrets.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why this is long: most of it is the comments on the token rules (one fetch at a time, back-off, refusals, floors);
 * the login is TokenEndpoint's and the wait TokenTurn's.
 *
 * <p>OAuth 2.0 client-credentials tokens for one org, cached until shortly before they expire.
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
 * <p>The login itself is {@link TokenEndpoint}'s, the one-at-a-time wait {@link TokenTurn}'s. Issued tokens are
 * registered with {@link Masking}, so no log line or record shows one. Lifetimes below
 * {@value #MIN_LIFETIME_SECONDS} s are treated as {@value #MIN_LIFETIME_SECONDS} s ({@code expires_in=1} would
 * otherwise mean one login per call), and a token refused {@value #REFUSALS_BEFORE_NEW_TOKEN} times in a row without
 * a 401 (431, connection resets, a 400 about the token) is dropped, so the next call logs in again.
 */
public final class ClientCredentialsTokenProvider {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCredentialsTokenProvider.class);
    /** The shortest token lifetime the feed believes. */
    public static final long MIN_LIFETIME_SECONDS = 60;
    /** Refusals without a 401, in a row, after which a token is replaced. */
    public static final int REFUSALS_BEFORE_NEW_TOKEN = 3;

    private final String org;
    private final TokenEndpoint endpoint;
    private final Duration failureBackoff;
    private final Clock clock;
    private final AtomicLong fetches = new AtomicLong();
    private final TokenTurn turn;

    private volatile AccessToken current;
    private GenesysAuthException rejected;
    private Instant rejectedUntil = Instant.MIN;
    private int refusals;

    public ClientCredentialsTokenProvider(String org, String loginUrl, String clientId, Secret clientSecret,
                                          GenesysHttp http, Duration failureBackoff, Clock clock) {
        this.org = org;
        this.endpoint = new TokenEndpoint(org, loginUrl, clientId, clientSecret, http, failureBackoff);
        this.turn = new TokenTurn(org, endpoint.uri(), http);
        this.failureBackoff = failureBackoff;
        this.clock = clock;
    }

    /** A token that is valid for a while yet; fetches one when there is none or it is due for refresh. */
    public AccessToken token() {
        AccessToken cached = current;
        if (cached != null && clock.instant().isBefore(cached.refreshAt())) {
            return cached;
        }
        turn.acquire();
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
            turn.release();
        }
    }

    /**
     * The API answered 401 to {@code token}: forget it so the next {@link #token()} fetches a new one. A token
     * that was already replaced (another batch got the 401 first) is left alone, so one expiry is one refresh.
     */
    public void invalidate(String tokenValue) {
        if (!turn.tryAcquire()) {
            return; // a fetch is running: it replaces the token anyway
        }
        try {
            if (current != null && current.value().equals(tokenValue)) {
                current = null;
            }
        } finally {
            turn.release();
        }
    }

    /** The API accepted a call made with {@code tokenValue}: its refusal count starts again. */
    public void accepted(String tokenValue) {
        AccessToken cached = current;
        if (cached != null && cached.value().equals(tokenValue) && refusals != 0 && turn.tryAcquire()) {
            try {
                refusals = 0;
            } finally {
                turn.release();
            }
        }
    }

    /**
     * The API refused a call made with {@code tokenValue} without saying 401 (431, a reset connection, a 400 about the
     * token). After {@value #REFUSALS_BEFORE_NEW_TOKEN} in a row the token is dropped and the next call logs in again.
     */
    public void refusedWithout401(String tokenValue, String how) {
        if (!turn.tryAcquire()) {
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
            turn.release();
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
        try {
            return endpoint.login(now);
        } catch (GenesysAuthException e) {
            if (e.isCredentialsRejected()) {
                rejected = e;
                rejectedUntil = now.plus(failureBackoff);
            }
            throw e;
        }
    }

    /** Refresh a tenth of the lifetime early (at most a minute, at least a second): no call races an expiry. */
    static Duration refreshMargin(Duration lifetime) {
        Duration tenth = lifetime.dividedBy(10);
        if (tenth.compareTo(Duration.ofMinutes(1)) > 0) {
            return Duration.ofMinutes(1);
        }
        return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : tenth;
    }
}

package io.github.genesysqueuefeed.genesys;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.genesysqueuefeed.secrets.Secret;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.MutableClock;
import io.github.genesysqueuefeed.genesys.GenesysHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The token provider against WireMock as the Genesys login host, with a clock the test moves. */
class ClientCredentialsTokenProviderTest {

    private static final String CLIENT_ID = "0a1b2c3d-1111-4222-8333-444455556666";
    private static final String SECRET = "s3cr3t-Never-Logged-9f8e7d";
    private static final Duration BACKOFF = Duration.ofSeconds(60);
    private static final String TOKEN_PATH = GenesysStubs.TOKEN_PATH;

    private static WireMockServer login;
    private static GenesysHttp http;
    private MutableClock clock;

    @BeforeAll
    static void startLoginHost() {
        login = new WireMockServer(wireMockConfig().dynamicPort());
        login.start();
        http = GenesysHttp.direct(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopLoginHost() {
        login.stop();
    }

    @BeforeEach
    void reset() {
        login.resetAll();
        clock = new MutableClock(Instant.parse("2026-11-25T09:00:00Z"));
    }

    private ClientCredentialsTokenProvider provider() {
        return new ClientCredentialsTokenProvider("default", login.baseUrl(), CLIENT_ID, new Secret(SECRET), http,
                BACKOFF, clock);
    }

    private static int tokenPosts() {
        return login.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))).size();
    }

    /** Answers token-1, token-2, ... in turn, so a refetch is visible in the value, not only the POST count. */
    private static void tokensInSequence(int expiresIn, int count) {
        for (int i = 1; i <= count; i++) {
            login.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                    .inScenario("tokens")
                    .whenScenarioStateIs(i == 1 ? Scenario.STARTED : "after-" + (i - 1))
                    .willSetStateTo("after-" + i)
                    .willReturn(GenesysStubs.json("{\"access_token\":\"token-" + i
                            + "\",\"token_type\":\"bearer\",\"expires_in\":" + expiresIn + "}")));
        }
    }

    @Test
    void sendsTheDocumentedClientCredentialsRequest() {
        GenesysStubs.token(login, "token-1", 86400);

        provider().token();

        String basic = "Basic " + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        login.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withHeader("Authorization", equalTo(basic))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("grant_type=client_credentials")));
    }

    @Test
    void tokenIsCachedAcrossCalls() {
        tokensInSequence(86400, 2);
        ClientCredentialsTokenProvider provider = provider();

        AccessToken first = provider.token();
        clock.advance(Duration.ofHours(1));
        AccessToken second = provider.token();

        assertEquals("token-1", first.value());
        assertSame(first, second);
        assertEquals(1, tokenPosts());
        assertEquals(1, provider.fetchCount());
    }

    @Test
    void fetchesANewTokenOnceRefreshAtHasPassed() {
        tokensInSequence(3600, 2);
        ClientCredentialsTokenProvider provider = provider();

        AccessToken first = provider.token();
        clock.set(first.refreshAt().minusMillis(1));
        assertEquals("token-1", provider.token().value(), "still before refreshAt: cached");
        assertEquals(1, tokenPosts());

        clock.set(first.refreshAt());
        AccessToken second = provider.token();

        assertEquals("token-2", second.value());
        assertEquals(2, tokenPosts());
        assertTrue(first.expiresAt().isAfter(first.refreshAt()), "refreshed before the old one expired");
    }

    @Test
    void shortLifetimeRefreshesThirtySecondsBeforeExpiry() {
        // 300 s is the shortest lifetime Genesys allows; a tenth of it is the margin
        GenesysStubs.token(login, "token-1", 300);
        Instant fetchedAt = clock.instant();

        AccessToken token = provider().token();

        assertEquals(fetchedAt.plusSeconds(300), token.expiresAt());
        assertEquals(fetchedAt.plusSeconds(270), token.refreshAt());
        assertEquals(Duration.ofSeconds(30), ClientCredentialsTokenProvider.refreshMargin(Duration.ofSeconds(300)));
        // a long lifetime is capped at one minute early
        assertEquals(Duration.ofMinutes(1), ClientCredentialsTokenProvider.refreshMargin(Duration.ofSeconds(86400)));
    }

    @Test
    void invalidateOfTheCurrentTokenFetchesOnceAndAStaleValueIsIgnored() {
        tokensInSequence(86400, 3);
        ClientCredentialsTokenProvider provider = provider();
        AccessToken old = provider.token();

        provider.invalidate(old.value());
        AccessToken renewed = provider.token();
        assertEquals("token-2", renewed.value());
        assertEquals("token-2", provider.token().value(), "one 401 is one refetch, not one per call");
        assertEquals(2, tokenPosts());

        // a second batch reports the 401 it got with the old token after the refresh: nothing to do
        provider.invalidate(old.value());
        assertEquals("token-2", provider.token().value());
        assertEquals(2, tokenPosts());
    }

    @Test
    void parallelCallersShareOneFetch() throws Exception {
        // the delay keeps the first fetch in flight while the other threads arrive
        login.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withFixedDelay(300)
                .withBody("{\"access_token\":\"shared\",\"token_type\":\"bearer\",\"expires_in\":86400}")));
        ClientCredentialsTokenProvider provider = provider();
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await(5, TimeUnit.SECONDS);
                    return provider.token().value();
                }));
            }
            Set<String> values = new HashSet<>();
            for (Future<String> result : results) {
                values.add(result.get(10, TimeUnit.SECONDS));
            }
            assertEquals(Set.of("shared"), values);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, tokenPosts(), "a refresh must never be a burst of logins");
    }

    @Test
    void rejectedCredentialsBackOffAndNeverLeakTheSecret() {
        login.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_client\",\"description\":\"client authentication failed\"}")));
        ClientCredentialsTokenProvider provider = provider();

        GenesysAuthException first = assertThrows(GenesysAuthException.class, provider::token);

        assertTrue(first.isCredentialsRejected());
        assertTrue(first.getMessage().contains("invalid_client"), first.getMessage());
        assertFalse(first.getMessage().contains(SECRET), "the secret must never reach a message");
        assertFalse(first.toString().contains(SECRET));
        String basicValue = Base64.getEncoder().encodeToString((CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        assertFalse(first.getMessage().contains(basicValue), "nor the Basic credentials that encode it");
        assertEquals(1, tokenPosts());

        // inside the back-off: fail fast, no second login attempt
        clock.advance(BACKOFF.minusSeconds(1));
        GenesysAuthException second = assertThrows(GenesysAuthException.class, provider::token);
        assertTrue(second.isCredentialsRejected());
        assertEquals(1, tokenPosts());

        // after it: the operator may have fixed the secret, so try once more
        clock.advance(Duration.ofSeconds(1));
        assertThrows(GenesysAuthException.class, provider::token);
        assertEquals(2, tokenPosts());
    }

    @Test
    void loginWorksAgainAfterTheBackoffOnceTheCredentialsAreFixed() {
        login.stubFor(post(urlPathEqualTo(TOKEN_PATH)).inScenario("fix").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("fixed")
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_client\",\"description\":\"client authentication failed\"}")));
        login.stubFor(post(urlPathEqualTo(TOKEN_PATH)).inScenario("fix").whenScenarioStateIs("fixed")
                .willReturn(GenesysStubs.json("{\"access_token\":\"after-fix\",\"token_type\":\"bearer\",\"expires_in\":86400}")));
        ClientCredentialsTokenProvider provider = provider();

        assertThrows(GenesysAuthException.class, provider::token);
        clock.advance(BACKOFF);
        AccessToken token = provider.token();

        assertEquals("after-fix", token.value());
        assertFalse(token.toString().contains("after-fix"), "the token value is masked in toString()");
        // the remembered rejection is cleared: the next call is served from the cache
        assertEquals("after-fix", provider.token().value());
        assertEquals(2, tokenPosts());
    }

    @Test
    void aLifetimeBelowAMinuteIsUsedAsAMinuteNotALoginPerCall() {
        GenesysStubs.token(login, "token-1", 1);
        Instant fetchedAt = clock.instant();
        ClientCredentialsTokenProvider provider = provider();

        AccessToken token = provider.token();
        clock.advance(Duration.ofSeconds(30));
        provider.token();

        assertEquals(fetchedAt.plusSeconds(ClientCredentialsTokenProvider.MIN_LIFETIME_SECONDS), token.expiresAt());
        assertEquals(1, tokenPosts(), "expires_in=1 must not mean one login per call");
    }

    @Test
    void aTokenRefusedThreeTimesInARowWithoutA401IsReplaced() {
        tokensInSequence(86400, 2);
        ClientCredentialsTokenProvider provider = provider();
        String first = provider.token().value();

        provider.refusedWithout401(first, "HTTP 431");
        provider.refusedWithout401(first, "HTTP 431");
        provider.accepted(first); // a success in between: the count starts again
        provider.refusedWithout401(first, "HTTP 431");
        provider.refusedWithout401(first, "IOException");
        assertEquals(first, provider.token().value(), "two refusals in a row: kept");
        provider.refusedWithout401(first, "HTTP 431");

        assertEquals("token-2", provider.token().value(), "the third refusal in a row drops it");
        assertEquals(2, tokenPosts());
        provider.refusedWithout401(first, "HTTP 431"); // a late report about the old token changes nothing
        assertEquals("token-2", provider.token().value());
    }

    @Test
    void aCallerWaitingBehindALoginThatHangsGivesUpToo() throws Exception {
        login.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(GenesysStubs.json(
                "{\"access_token\":\"late\",\"expires_in\":86400}").withFixedDelay(20_000)));
        ClientCredentialsTokenProvider provider = new ClientCredentialsTokenProvider("default", login.baseUrl(),
                CLIENT_ID, new Secret(SECRET), GenesysHttp.direct(Duration.ofSeconds(2), Duration.ofSeconds(1)),
                BACKOFF, clock);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            long started = System.nanoTime();
            Future<?> first = pool.submit(provider::token);
            Future<?> second = pool.submit(provider::token);
            for (Future<?> caller : List.of(first, second)) {
                java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> caller.get(10, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof GenesysAuthException, e.getCause().toString());
                assertFalse(((GenesysAuthException) e.getCause()).isCredentialsRejected(), "transient: retried by policy");
            }
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMs < 5000, "both callers were answered after " + tookMs + " ms, the call deadline is 1 s");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void issuedTokensAreMaskedEverywhere() {
        GenesysStubs.token(login, "tok-issued-4f1a2b3c", 86400);
        provider().token();
        assertEquals("Bearer ******", io.github.genesysqueuefeed.secrets.Masking.maskKnown("Bearer tok-issued-4f1a2b3c"));
    }

    @Test
    void aProxyRefusingTheCredentialsIsNamedAndThePasswordIsNot() {
        WireMockServer proxy = new WireMockServer(wireMockConfig().dynamicPort());
        proxy.start();
        try {
            proxy.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
                    com.github.tomakehurst.wiremock.client.WireMock.anyUrl()).willReturn(aResponse().withStatus(407)
                    .withHeader("Proxy-Authenticate", "Basic realm=\"egress\"")));
            GenesysHttp viaProxy = new GenesysHttp(Duration.ofSeconds(2), Duration.ofSeconds(5), 1 << 20,
                    io.github.genesysqueuefeed.config.EgressProxy.from("http://feed:Wr0ng-pass-31@localhost:" + proxy.port(),
                            null, java.util.Map.of()));
            ClientCredentialsTokenProvider provider = new ClientCredentialsTokenProvider("default", login.baseUrl(),
                    CLIENT_ID, new Secret(SECRET), viaProxy, BACKOFF, clock);

            GenesysAuthException e = assertThrows(GenesysAuthException.class, provider::token);

            assertTrue(e.getMessage().contains("genesys.http.proxy"), e.getMessage());
            assertTrue(e.getMessage().contains("http://feed:******@localhost:" + proxy.port()), e.getMessage());
            assertFalse(e.getMessage().contains("Wr0ng-pass-31"), e.getMessage());
            assertFalse(e.isCredentialsRejected(), "the Genesys client credentials are not the problem");
            assertEquals(0, tokenPosts(), "nothing reached the login host");
        } finally {
            proxy.stop();
        }
    }
}

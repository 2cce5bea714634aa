package io.github.genesysqueuefeed.genesys;

import io.github.genesysqueuefeed.config.EgressProxy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP client of every Genesys call (token, queue listing, observations), built once per feed: one connect
 * timeout, one whole-call deadline, one response size cap, one egress proxy, the JDK's default TLS (the JVM's trust
 * store, hostname verification, TLS 1.2/1.3).
 *
 * <p>Why the JDK client and not camel-http (Apache HttpClient 5), which the observations call used before: neither
 * bounds a whole call, only inactivity (a body that trickles one byte every 2 s held a snapshot 134 s, and the token
 * endpoint every snapshot), neither caps a response body (a 100 MB answer was an OutOfMemoryError), and the two
 * clients followed different proxy settings. Here {@link #send} waits for the complete answer at most
 * {@code genesys.http.read-timeout} and then cancels the body ({@link HttpCallFailures} names the key), and
 * {@link BoundedBody} stops reading at {@code genesys.http.max-response-bytes}. Retries are not done here: the
 * observations route's Camel redelivery policy and {@link RetryPolicy} (its twin for queue listing) decide; this class never re-sends by itself.
 *
 * <p>HTTP/1.1 on purpose: a cancelled body closes its connection (no shared HTTP/2 connection left half-read), and
 * every forward proxy speaks it.
 */
public final class GenesysHttp {

    private static final Logger LOG = LoggerFactory.getLogger(GenesysHttp.class);
    /** The JDK refuses Basic credentials on CONNECT tunnels unless this lists no scheme (read once per JVM). */
    static final String TUNNELING_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";

    private final HttpClient client;
    private final Duration callTimeout;
    private final long maxResponseBytes;
    private final EgressProxy proxy;
    private final HttpCallFailures failures;

    public GenesysHttp(Duration connectTimeout, Duration callTimeout, long maxResponseBytes, EgressProxy proxy) {
        this.callTimeout = callTimeout;
        this.maxResponseBytes = maxResponseBytes;
        this.proxy = proxy;
        this.failures = new HttpCallFailures(callTimeout, proxy);
        if (proxy.tunnelsWithCredentials() && System.getProperty(TUNNELING_DISABLED_SCHEMES) == null) {
            // must happen before the JDK's HTTP classes first load; in the jar this constructor is the first use
            System.setProperty(TUNNELING_DISABLED_SCHEMES, "");
        }
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(proxy.selector());
        if (proxy.authenticator() != null) {
            builder.authenticator(proxy.authenticator());
        }
        this.client = builder.build();
        if (proxy.isSet()) {
            LOG.info("Genesys calls go {}", proxy.describe());
        }
    }

    /** For tests and tools: direct, with the given deadline and the default cap. */
    public static GenesysHttp direct(Duration connectTimeout, Duration callTimeout) {
        return new GenesysHttp(connectTimeout, callTimeout, 16L * 1024 * 1024, EgressProxy.NONE);
    }

    /**
     * Sends {@code request} and returns the complete answer, whatever its status.
     *
     * @param what what is asked, for messages ("org 'x': observations query for 100 queues")
     * @throws HttpTimeoutException       when no complete answer came within the call deadline (the body is cancelled)
     * @throws ResponseTooLargeException  when the answer is longer than the size cap
     * @throws IOException                for connection failures (refused, reset, TLS, proxy)
     */
    public GenesysResponse send(HttpRequest request, String what) throws IOException, InterruptedException {
        AtomicReference<BoundedBody> body = new AtomicReference<>();
        HttpResponse.BodyHandler<String> handler = info -> {
            BoundedBody bounded = new BoundedBody(maxResponseBytes, info.statusCode(),
                    info.headers().firstValueAsLong("Content-Length").orElse(-1), what);
            body.set(bounded);
            return bounded;
        };
        HttpRequest timed = HttpRequest.newBuilder(request, (name, value) -> true).timeout(callTimeout).build();
        CompletableFuture<HttpResponse<String>> call = client.sendAsync(timed, handler);
        try {
            HttpResponse<String> response = call.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return new GenesysResponse(response.statusCode(), response.headers(), response.body(), null);
        } catch (TimeoutException e) {
            abandon(call, body.get());
            throw failures.timedOut(what);
        } catch (InterruptedException e) {
            abandon(call, body.get());
            throw e;
        } catch (ExecutionException e) {
            throw failures.unwrap(e.getCause(), what);
        }
    }

    /** Websockets (notification channels) through the same client: the same proxy, TLS and connect timeout. */
    public java.net.http.WebSocket.Builder newWebSocketBuilder() {
        return client.newWebSocketBuilder();
    }

    public Duration callTimeout() {
        return callTimeout;
    }

    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    public EgressProxy proxy() {
        return proxy;
    }

    private static void abandon(CompletableFuture<?> call, BoundedBody body) {
        if (body != null) {
            body.cancel();
        }
        call.cancel(true);
    }
}

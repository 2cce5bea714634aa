package io.github.genesysqueuefeed.genesys;

import io.github.genesysqueuefeed.config.EgressProxy;

import io.github.genesysqueuefeed.config.Durations;
import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Turns a failed Genesys call into the exception its caller reports: the call named, and the key to check
 * ({@code genesys.http.read-timeout}, {@code genesys.http.connect-timeout}, {@code genesys.http.proxy}); the JDK's
 * own messages name neither.
 */
final class HttpCallFailures {

    private final Duration callTimeout;
    private final EgressProxy proxy;

    HttpCallFailures(Duration callTimeout, EgressProxy proxy) {
        this.callTimeout = callTimeout;
        this.proxy = proxy;
    }

    HttpTimeoutException timedOut(String what) {
        return new HttpTimeoutException(what + ": no complete answer within genesys.http.read-timeout ("
                + Durations.format(callTimeout) + ")");
    }

    /** The exception to throw for {@code failure}; a response too large and runtime failures are thrown as they are. */
    IOException unwrap(Throwable failure, String what) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ResponseTooLargeException tooLarge) {
                throw tooLarge;
            }
        }
        if (failure instanceof HttpConnectTimeoutException) {
            return new HttpConnectTimeoutException(what + ": no connection within genesys.http.connect-timeout");
        }
        if (failure instanceof HttpTimeoutException) {
            return timedOut(what); // the JDK's own timer, before the answer's headers
        }
        if (failure instanceof IOException io) {
            if (proxy.isSet() && String.valueOf(io.getMessage()).contains("authentication attempts")) {
                // the JDK gave up answering the proxy's 407s: the credentials are wrong, say where they come from
                return new IOException(what + ": the egress proxy (" + proxy.describe() + ") keeps refusing the "
                        + "credentials: check " + EgressProxy.KEY, io);
            }
            return io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        return new IOException(what + ": " + failure, failure);
    }
}

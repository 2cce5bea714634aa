package io.github.genesysqueuefeed.genesys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonParseException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Which failures a retry may cure (transient) and which go straight to the dead letters. */
class FailuresTest {

    @ParameterizedTest(name = "HTTP {0} -> transient {1}")
    @CsvSource({"502, true", "503, true", "504, true", "500, false", "400, false", "401, false", "403, false",
            "404, false", "408, false", "431, false"})
    void genesysAnswersAreTransientOnlyForTheGatewayErrors(int status, boolean transientFailure) {
        assertEquals(transientFailure, Failures.isTransient(new GenesysApiException("x", status, null, null, null)));
    }

    @Test
    void aRateLimitIsNotTransientItIsHandledByRetryAfter() {
        assertEquals(false, Failures.isTransient(new GenesysRateLimitedException("429", null, null, Duration.ofSeconds(3))));
        assertEquals(false, Failures.isTransient(GenesysErrors.fromResponse("default", "observations", "p", 429, "", null,
                Instant.EPOCH)), "every 429 Genesys answers is read as the rate-limit class");
    }

    @Test
    void aLoginFailureIsTransientUnlessTheCredentialsWereRejected() {
        assertEquals(true, Failures.isTransient(new GenesysAuthException("login host 503", false, null)));
        assertEquals(false, Failures.isTransient(new GenesysAuthException("invalid_client", true, null)));
    }

    @Test
    void networkFailuresAreTransientButAnUnreadableBodyIsNot() {
        assertEquals(true, Failures.isTransient(new ConnectException("refused")));
        assertEquals(true, Failures.isTransient(new HttpTimeoutException("read timed out")));
        assertEquals(true, Failures.isTransient(new SocketTimeoutException("connect timed out")));
        assertEquals(true, Failures.isTransient(new IOException("connection reset")));
        assertEquals(false, Failures.isTransient(new JsonParseException(null, "Unexpected character")),
                "the same body will not parse on a second try");
        assertEquals(false, Failures.isTransient(new MalformedObservationsException("no results")));
        assertEquals(false, Failures.isTransient(new IllegalStateException("a bug")));
        assertEquals(false, Failures.isTransient(new ImplausibleNumbersException("q-1", "waiting -1")));
        assertEquals(false, Failures.isTransient(new ResponseTooLargeException("over the cap", 503)),
                "too large even behind a gateway status: the same question gets the same answer");
    }
}

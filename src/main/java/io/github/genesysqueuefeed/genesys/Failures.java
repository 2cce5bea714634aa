package io.github.genesysqueuefeed.genesys;

import io.github.genesysqueuefeed.genesys.GenesysAuthException;
import io.github.genesysqueuefeed.genesys.GenesysApiException;
import io.github.genesysqueuefeed.genesys.GenesysRateLimitedException;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;

/** Which failures a retry may cure. Everything else goes straight to the dead-letter topic. */
public final class Failures {

    private Failures() {
    }

    /**
     * 502/503/504, connect and read timeouts, refused connections, and a login host that failed for the same
     * reasons. Not 400/403/404/500 (asking again gives the same answer), not a 429 (handled on its own, by
     * Retry-After), not rejected credentials (retrying cannot fix a wrong secret).
     */
    public static boolean isTransient(Throwable failure) {
        if (failure instanceof GenesysRateLimitedException) {
            return false;
        }
        if (failure instanceof GenesysApiException api) {
            return api.isRetryable();
        }
        if (failure instanceof GenesysAuthException auth) {
            return !auth.isCredentialsRejected();
        }
        // malformed JSON is an IOException to Jackson, but the same body will not parse on a second try
        return failure instanceof IOException && !(failure instanceof JsonProcessingException);
    }
}

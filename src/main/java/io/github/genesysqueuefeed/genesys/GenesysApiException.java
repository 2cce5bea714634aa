package io.github.genesysqueuefeed.genesys;

import java.time.Duration;

/**
 * Genesys answered an API call with an error. Carries what support asks for ({@code code}, {@code status},
 * {@code contextId}) and, for a 429, how long Genesys asked us to wait. Never carries the token.
 */
public class GenesysApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String contextId;
    private final Duration retryAfter;

    public GenesysApiException(String message, int status, String code, String contextId, Duration retryAfter) {
        super(message);
        this.status = status;
        this.code = code;
        this.contextId = contextId;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String contextId() {
        return contextId;
    }

    /** Retry-After of a 429, or null when Genesys did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** 429 and the gateway errors may pass; 400, 403, 404 and 500 will not get better by asking again. */
    public boolean isRetryable() {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }
}

package io.github.genesysqueuefeed.genesys;

import java.time.Duration;

/** HTTP 429: the token's per-minute budget at Genesys is spent. Retried after Retry-After, never dead-lettered early. */
public final class GenesysRateLimitedException extends GenesysApiException {

    public GenesysRateLimitedException(String message, String code, String contextId, Duration retryAfter) {
        super(message, 429, code, contextId, retryAfter);
    }
}

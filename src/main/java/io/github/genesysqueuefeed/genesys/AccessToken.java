package io.github.genesysqueuefeed.genesys;

import java.time.Instant;

/** A bearer token and when to stop using it. {@code toString()} masks the value. */
public record AccessToken(String value, Instant refreshAt, Instant expiresAt) {

    public String authorizationHeader() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "AccessToken[******, refreshAt=" + refreshAt + ", expiresAt=" + expiresAt + "]";
    }
}

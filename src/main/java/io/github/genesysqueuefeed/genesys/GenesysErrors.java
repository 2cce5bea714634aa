package io.github.genesysqueuefeed.genesys;

import io.github.genesysqueuefeed.event.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads Genesys error answers into {@link GenesysApiException}s with a message an operator can act on. */
public final class GenesysErrors {

    private static final ObjectMapper JSON = Json.mapper();

    private GenesysErrors() {
    }

    /**
     * @param what       what was asked, e.g. "observations query for 100 queues"
     * @param permission the permission the call needs, named in a 403's message
     * @param now        when the answer came (the injected clock): an HTTP-date Retry-After counts from it
     */
    public static GenesysApiException fromResponse(String org, String what, String permission, int status,
                                                   String body, String retryAfterHeader, Instant now) {
        JsonNode json = parse(body);
        String code = json.path("code").asText(null);
        String contextId = json.path("contextId").asText(null);
        String message = json.path("message").asText(null);
        StringBuilder text = new StringBuilder()
                .append("org '").append(org).append("': ").append(what).append(" answered HTTP ").append(status);
        if (code != null) {
            text.append(" code=").append(code);
        }
        if (contextId != null) {
            text.append(" contextId=").append(contextId);
        }
        if (status == 403) {
            text.append(": the OAuth client lacks the permission ").append(permission)
                    .append(" (add it to the client's role in Genesys Admin > Roles/Permissions)");
        } else if (message != null) {
            text.append(": ").append(message.length() > 300 ? message.substring(0, 300) + "..." : message);
        }
        Duration retryAfter = retryAfter(retryAfterHeader, now);
        return status == 429
                ? new GenesysRateLimitedException(text.toString(), code, contextId, retryAfter)
                : new GenesysApiException(text.toString(), status, code, contextId, retryAfter);
    }

    /** Retry-After as seconds or an HTTP-date; null when absent or unreadable. */
    public static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? Duration.ZERO : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(now, at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}

package io.github.genesysqueuefeed.genesys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Genesys error answers read into exceptions, and Retry-After counted from the answer's time (the feed's clock). */
class GenesysErrorsTest {

    private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");

    @Test
    void retryAfterIsSecondsOrAnHttpDateCountedFromTheGivenTime() {
        assertEquals(Duration.ofSeconds(7), GenesysErrors.retryAfter(" 7 ", NOW));
        assertEquals(Duration.ZERO, GenesysErrors.retryAfter("-3", NOW));
        assertEquals(Duration.ofSeconds(90), GenesysErrors.retryAfter("Fri, 27 Nov 2026 08:01:30 GMT", NOW));
        assertEquals(Duration.ZERO, GenesysErrors.retryAfter("Fri, 27 Nov 2026 07:59:00 GMT", NOW), "a date passed");
        assertNull(GenesysErrors.retryAfter("soon", NOW));
        assertNull(GenesysErrors.retryAfter(" ", NOW));
        assertNull(GenesysErrors.retryAfter(null, NOW));
    }

    @Test
    void a429IsARateLimitWithItsRetryAfterAndA403NamesThePermission() {
        GenesysApiException limited = GenesysErrors.fromResponse("emea", "observations query for 3 queues",
                "analytics:queueObservation:view", 429,
                "{\"code\":\"too.many.requests\",\"contextId\":\"c-9\",\"message\":\"Rate limit exceeded\"}",
                "Fri, 27 Nov 2026 08:00:05 GMT", NOW);
        assertInstanceOf(GenesysRateLimitedException.class, limited);
        assertEquals(Duration.ofSeconds(5), limited.retryAfter());
        assertEquals("org 'emea': observations query for 3 queues answered HTTP 429 code=too.many.requests "
                + "contextId=c-9: Rate limit exceeded", limited.getMessage());

        GenesysApiException forbidden = GenesysErrors.fromResponse("emea", "queue listing", "routing:queue:view", 403,
                "not json", null, NOW);
        assertEquals("org 'emea': queue listing answered HTTP 403: the OAuth client lacks the permission "
                + "routing:queue:view (add it to the client's role in Genesys Admin > Roles/Permissions)",
                forbidden.getMessage());
        assertEquals(403, forbidden.status());
        assertNull(forbidden.code());
        assertNull(forbidden.retryAfter());
    }
}

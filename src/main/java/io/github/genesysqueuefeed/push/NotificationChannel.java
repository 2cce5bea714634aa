package io.github.genesysqueuefeed.push;

import java.net.URI;
import java.time.Instant;

/**
 * One notification channel as {@code POST /api/v2/notifications/channels} returned it. The id (and the connectUri
 * that contains it) is the socket's only credential: never logged (not registered with Masking either: a channel a
 * day for months would grow its list without end).
 */
public record NotificationChannel(String id, URI connectUri, Instant expires) {

    @Override
    public String toString() {
        return "NotificationChannel[expires=" + expires + "]";
    }
}

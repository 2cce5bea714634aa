package io.github.genesysqueuefeed.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.genesysqueuefeed.genesys.GenesysApi;
import io.github.genesysqueuefeed.genesys.GenesysApiException;
import io.github.genesysqueuefeed.genesys.GenesysResponse;
import io.github.genesysqueuefeed.genesys.RetryPolicy;
import io.github.genesysqueuefeed.secrets.Masking;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;

/**
 * The Notifications API calls of one org: create a channel, set or extend its topic list. Every call goes through
 * the org's {@link GenesysApi} (the token's budget, the 401 refresh, a 429 pausing every call of the token for its
 * Retry-After) and is retried by the same {@link RetryPolicy} as the queue listing. A 403 or 404 becomes a
 * {@link PushUnavailableException}: the feed polls instead.
 *
 * <p>Genesys has no "remove these topics" call: {@link #subscribe} (PUT) with the remaining list removes them;
 * {@link #unsubscribeAll} (DELETE) removes them all.
 */
public final class NotificationsApi {

    static final String CHANNELS = "/api/v2/notifications/channels";
    private static final String PERMISSION = "analytics:queueObservation:view";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String org;
    private final String apiUrl;
    private final GenesysApi api;
    private final RetryPolicy retry;

    public NotificationsApi(String org, String apiUrl, GenesysApi api, RetryPolicy retry) {
        this.org = org;
        this.apiUrl = apiUrl;
        this.api = api;
        this.retry = retry;
    }

    /** The observations topic of one queue. */
    public static String topicOf(String queueId) {
        return "v2.analytics.queues." + queueId + ".observations";
    }

    /** {@code POST /api/v2/notifications/channels}: a new channel, valid until its {@code expires}. */
    public NotificationChannel createChannel() throws InterruptedException {
        JsonNode body = call("channel creation", HttpRequest.newBuilder(URI.create(apiUrl + CHANNELS))
                .POST(HttpRequest.BodyPublishers.noBody()));
        String id = body.path("id").asText(null);
        String connectUri = body.path("connectUri").asText(null);
        if (id == null || connectUri == null) {
            throw new GenesysApiException("org '" + org + "': channel creation answered without id or connectUri",
                    200, null, null, null);
        }
        Instant expires;
        try {
            expires = Instant.parse(body.path("expires").asText(""));
        } catch (DateTimeParseException e) {
            expires = Instant.MAX; // not said: the heartbeat watchdog and socket_closing still keep it honest
        }
        return new NotificationChannel(id, URI.create(connectUri), expires);
    }

    /** {@code PUT .../subscriptions}: the channel's topic list becomes exactly {@code queueIds}' topics. */
    public void subscribe(String channelId, Collection<String> queueIds) throws InterruptedException {
        call("subscription of " + queueIds.size() + " topics", subscriptions(channelId)
                .PUT(HttpRequest.BodyPublishers.ofString(topics(queueIds))));
    }

    /** {@code POST .../subscriptions}: adds {@code queueIds}' topics to the channel's list. */
    public void addTopics(String channelId, Collection<String> queueIds) throws InterruptedException {
        call("subscription of " + queueIds.size() + " more topics", subscriptions(channelId)
                .POST(HttpRequest.BodyPublishers.ofString(topics(queueIds))));
    }

    /**
     * {@code DELETE .../subscriptions}: the channel carries no topic any more. One attempt, no retry: it is the final
     * stop's best effort, and the channel expires on its own anyway.
     */
    public void unsubscribeAll(String channelId) throws InterruptedException, IOException {
        String what = "removal of a channel's topics";
        api.check(api.call(what, subscriptions(channelId).DELETE().header("Accept", "application/json"),
                status -> { }), what, PERMISSION);
    }

    private HttpRequest.Builder subscriptions(String channelId) {
        return HttpRequest.newBuilder(URI.create(apiUrl + CHANNELS + "/"
                        + URLEncoder.encode(channelId, StandardCharsets.UTF_8) + "/subscriptions"))
                .header("Content-Type", "application/json");
    }

    private static String topics(Collection<String> queueIds) {
        ArrayNode list = JSON.createArrayNode();
        queueIds.forEach(id -> list.addObject().put("id", topicOf(id)));
        return list.toString();
    }

    private JsonNode call(String what, HttpRequest.Builder request) throws InterruptedException {
        request.header("Accept", "application/json");
        try {
            return retry.run("org '" + org + "': " + what, () -> {
                GenesysResponse response = api.call(what, request, status -> { });
                try {
                    api.check(response, what, PERMISSION);
                } catch (GenesysApiException refused) {
                    if (refused.status() == 403 || refused.status() == 404) {
                        throw new PushUnavailableException(refused.getMessage(), refused.status());
                    }
                    throw refused;
                }
                String body = response.body();
                try {
                    return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
                } catch (IOException e) {
                    throw new GenesysApiException("org '" + org + "': " + what + " answered a body that is not JSON",
                            response.status(), null, null, null);
                }
            });
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new GenesysApiException("org '" + org + "': " + what + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + Masking.maskKnown(e.getMessage())), 0, null, null, null);
        }
    }
}

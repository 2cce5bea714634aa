package io.github.genesysqueuefeed.feed;

import io.github.genesysqueuefeed.config.FeedConfig;
import io.github.genesysqueuefeed.genesys.RetryPolicy;
import io.github.genesysqueuefeed.push.EventSink;
import io.github.genesysqueuefeed.push.NotificationsApi;
import io.github.genesysqueuefeed.push.PushFeed;
import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Each org's push side (push/PushFeed: channels, notifications, the per-queue state), by alias. Built once the Camel
 * context can take their events (the sink); in {@code genesys.mode=poll} they open nothing and every tick polls.
 * Bound as {@code pushFeeds}.
 */
public final class PushFeeds {

    private final Map<String, PushFeed> byAlias;

    private PushFeeds(Map<String, PushFeed> byAlias) {
        this.byAlias = byAlias;
    }

    public static PushFeeds create(FeedConfig config, GenesysOrgs orgs, EventSink sink, Clock clock) {
        Map<String, PushFeed> feeds = new LinkedHashMap<>();
        for (GenesysOrg org : orgs.all()) {
            // subscription calls go through the org's own client: the same budget, token, 429 pause and retries
            NotificationsApi api = new NotificationsApi(org.alias(), org.config().apiUrl(), org.api(),
                    new RetryPolicy(config.resilience()));
            feeds.put(org.alias(), new PushFeed(org.alias(), config.push(), org.config().pollPeriod(), api,
                    orgs.http(), sink, clock));
        }
        return new PushFeeds(Collections.unmodifiableMap(feeds));
    }

    public PushFeed get(String alias) {
        PushFeed feed = byAlias.get(alias);
        if (feed == null) {
            throw new IllegalArgumentException("no org '" + alias + "' is configured");
        }
        return feed;
    }

    /** The orgs, in configuration order. */
    public Set<String> aliases() {
        return byAlias.keySet();
    }

    public Collection<PushFeed> all() {
        return byAlias.values();
    }

    /** Closes every channel and thread: the feed stops. */
    public void stopAll() {
        byAlias.values().forEach(PushFeed::stop);
    }
}

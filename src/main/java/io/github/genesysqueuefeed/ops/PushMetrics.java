package io.github.genesysqueuefeed.ops;

import io.github.genesysqueuefeed.feed.PushFeeds;
import io.github.genesysqueuefeed.publish.KafkaPublisher;
import io.github.genesysqueuefeed.push.PushFeed;
import io.github.genesysqueuefeed.push.ReconnectReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Push mode's series, each with an {@code org} label (README.md, "Operations"): which mode the org is really in,
 * its channels and topics, notifications, reconnects by reason, the silence since the last notification, and the
 * change-to-publish latency (a notification's frame received to its records acknowledged by Kafka).
 */
public final class PushMetrics {

    private PushMetrics() {
    }

    public static void register(MeterRegistry registry, PushFeeds feeds) {
        for (String alias : feeds.aliases()) {
            PushFeed feed = feeds.get(alias);
            Gauge.builder("genesys.feed.push.active", feed, f -> "push".equals(f.mode()) ? 1 : 0)
                    .description("1 while the org is fed by notifications, 0 while it polls (configured, or fallen back)")
                    .tag("org", alias).register(registry);
            Gauge.builder("genesys.feed.push.channels.open", feed, PushFeed::channelsOpen)
                    .description("Notification channels with an open websocket").tag("org", alias).register(registry);
            Gauge.builder("genesys.feed.push.topics.subscribed", feed, PushFeed::topicsSubscribed)
                    .description("Queue observation topics subscribed").tag("org", alias).register(registry);
            FunctionCounter.builder("genesys.feed.push.notifications", feed, PushFeed::notificationsReceived)
                    .description("Queue observation notifications received").tag("org", alias).register(registry);
            FunctionCounter.builder("genesys.feed.push.frames.dropped", feed, PushFeed::framesDropped)
                    .description("Notifications dropped because the org's frame queue was full (a reconcile follows)")
                    .tag("org", alias).register(registry);
            FunctionCounter.builder("genesys.feed.push.notifications.rejected", feed, PushFeed::malformedFrames)
                    .description("Notifications that could not be believed, sent to the dead letters")
                    .tag("org", alias).register(registry);
            for (ReconnectReason reason : ReconnectReason.values()) {
                FunctionCounter.builder("genesys.feed.push.reconnects", feed, f -> f.reconnects(reason))
                        .description("Websockets opened again, by reason").tag("org", alias)
                        .tag("reason", reason.label()).register(registry);
            }
            Gauge.builder("genesys.feed.push.last.notification.age", feed, PushFeed::secondsSinceLastNotification)
                    .description("Seconds since the last message on any of the org's sockets (-1 before the first)")
                    .baseUnit("seconds").tag("org", alias).register(registry);
        }
    }

    /** The latency histogram, fed by the publisher once a notification's records are all acknowledged. */
    public static void registerLatency(MeterRegistry registry, KafkaPublisher publisher) {
        Map<String, Timer> byOrg = new ConcurrentHashMap<>();
        publisher.onAcknowledged((org, latency) -> byOrg.computeIfAbsent(org, alias -> Timer
                        .builder("genesys.feed.push.latency")
                        .description("From a notification received to its records acknowledged by Kafka")
                        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofMinutes(1)).tag("org", alias).register(registry))
                .record(latency));
    }
}

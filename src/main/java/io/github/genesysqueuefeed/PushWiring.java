package io.github.genesysqueuefeed;

import io.github.genesysqueuefeed.config.FeedConfig;
import io.github.genesysqueuefeed.feed.GenesysOrgs;
import io.github.genesysqueuefeed.feed.PollSchedule;
import io.github.genesysqueuefeed.feed.PushFeeds;
import io.github.genesysqueuefeed.ops.PushMetrics;
import io.github.genesysqueuefeed.publish.KafkaPublisher;
import io.github.genesysqueuefeed.publish.PushEventSink;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;

/**
 * Push mode's wiring: each org's push side (feed/PushFeeds) with its events going to routes/queue-feed.yaml's
 * {@code push-events}, the {@code pollSchedule} bean the org-feed template asks on every tick, the push metrics, and
 * the channels closed when the feed stops. In {@code genesys.mode=poll} the same beans exist and open nothing.
 */
final class PushWiring {

    private PushWiring() {
    }

    static PushFeeds bind(CamelContext context, FeedConfig config, GenesysOrgs orgs, KafkaPublisher publisher,
                          MeterRegistry metrics, Clock clock) {
        PushFeeds feeds = PushFeeds.create(config, orgs, new PushEventSink(context.createProducerTemplate()), clock);
        context.getRegistry().bind("pushFeeds", feeds);
        context.getRegistry().bind("pollSchedule", new PollSchedule(orgs, feeds, config.push().push(), clock));
        PushMetrics.register(metrics, feeds);
        PushMetrics.registerLatency(metrics, publisher);
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                    feeds.stopAll(); // sockets closed, topics removed at Genesys (bounded), threads ended
                }
            }
        });
        return feeds;
    }
}

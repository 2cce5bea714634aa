package io.github.genesysqueuefeed.publish;

import io.github.genesysqueuefeed.event.QueueStatusEvent;
import io.github.genesysqueuefeed.feed.FeedProperties;
import io.github.genesysqueuefeed.push.EventSink;
import io.github.genesysqueuefeed.push.RejectedNotificationException;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts push mode's events on the routes (routes/queue-feed.yaml: {@code push-events}, then the same tail as a
 * polled batch) and its rejected notifications on the dead-letter route. Runs on each org's one frame thread.
 */
public final class PushEventSink implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(PushEventSink.class);
    static final String EVENTS_ROUTE = "direct:push-events";
    static final String DEAD_LETTER_ROUTE = "direct:push-dead-letter";

    private final ProducerTemplate routes;

    public PushEventSink(ProducerTemplate routes) {
        this.routes = routes;
    }

    @Override
    public void publish(String org, List<QueueStatusEvent> events, Instant receivedAt) {
        Exchange done = routes.send(EVENTS_ROUTE, exchange -> {
            exchange.setProperty(FeedProperties.ORG, org);
            exchange.setProperty(KafkaPublisher.RECEIVED_AT, receivedAt);
            exchange.getMessage().setBody(events);
        });
        if (done.getException() != null) {
            // the next reconcile puts the queue right; nothing else waits on this notification
            LOG.warn("org '{}': a push notification's events were not published: {}", org,
                    done.getException().getMessage());
        }
    }

    @Override
    public void onMalformed(String org, String reason, String frame) {
        routes.send(DEAD_LETTER_ROUTE, exchange -> {
            exchange.setProperty(FeedProperties.ORG, org);
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new RejectedNotificationException(reason));
            exchange.setProperty(Exchange.FAILURE_ROUTE_ID, "push-events");
            exchange.getMessage().setBody(frame);
        });
    }
}

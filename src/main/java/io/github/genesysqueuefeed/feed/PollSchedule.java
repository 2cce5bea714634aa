package io.github.genesysqueuefeed.feed;

import io.github.genesysqueuefeed.genesys.ObservationResponse;
import io.github.genesysqueuefeed.genesys.QueueRef;
import io.github.genesysqueuefeed.push.PushFeed;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * Whether an org's poll tick takes a snapshot ({@code filter} on {@code pollSchedule.due} in the org-feed template),
 * and what a batch's answer tells push mode ({@code pollSchedule.reconciled}). In {@code genesys.mode=poll} every tick
 * polls. In push mode the org's {@link PushFeed} decides: a tick polls to reconcile (at start-up, every
 * {@code genesys.push.reconcile-period}, after a reconnect or a lost notification), when push is unavailable
 * (fallback), or for the queues beyond what the channels hold (only those, {@link FeedProperties#POLL_ONLY}); a tick
 * that does not poll while push is healthy still counts as the feed moving and its data as fresh. Bound as
 * {@code pollSchedule}.
 */
public class PollSchedule {

    private final GenesysOrgs orgs;
    private final PushFeeds push;
    private final boolean pushMode;
    private final Clock clock;

    /** Every tick polls ({@code genesys.mode=poll}; the route tests). */
    public static PollSchedule everyTick() {
        return new PollSchedule(null, null, false, Clock.systemUTC());
    }

    public PollSchedule(GenesysOrgs orgs, PushFeeds push, boolean pushMode, Clock clock) {
        this.orgs = orgs;
        this.push = push;
        this.pushMode = pushMode;
        this.clock = clock;
    }

    /** True when this tick of the org (exchange property {@code org}) takes a snapshot. */
    public boolean due(Exchange exchange) throws InterruptedException {
        if (!pushMode) {
            return true;
        }
        String alias = exchange.getProperty(FeedProperties.ORG, String.class);
        GenesysOrg org = orgs.get(alias);
        PushFeed feed = push.get(alias);
        Map<String, QueueRef> queues = new LinkedHashMap<>();
        try {
            for (QueueRef queue : org.queues().queues()) { // refreshed every genesys.queue-refresh-period
                queues.put(queue.id(), queue);
            }
        } catch (RuntimeException e) {
            return true; // no queue list: the snapshot fails the usual way (counted, the circuit sees it)
        }
        feed.ensureRunning(queues.keySet(), queues::get);
        Instant now = clock.instant();
        if (!feed.pollDue(now)) {
            org.stats().progressed(now);   // liveness: push keeps the org moving between reconciles
            org.stats().pushedFresh(now);  // readiness and data age: the notifications are the fresh data
            return false;
        }
        if (!feed.fullPoll()) {
            exchange.setProperty(FeedProperties.POLL_ONLY, feed.overflow());
        }
        return true;
    }

    /** A batch's answer (the body, before extraction): in push mode it resets those queues' state. */
    public void reconciled(Exchange exchange) {
        if (!pushMode) {
            return;
        }
        QueueBatch batch = exchange.getProperty(FeedProperties.BATCH, QueueBatch.class);
        ObservationResponse response = exchange.getMessage().getBody(ObservationResponse.class);
        if (batch != null && response != null) {
            List<String> ids = batch.queues().stream().map(QueueRef::id).toList();
            push.get(batch.org()).reconciled(ids, response);
        }
    }
}

package io.github.genesysqueuefeed.feed;

import io.github.genesysqueuefeed.genesys.GenesysAuthException;
import io.github.genesysqueuefeed.genesys.QueueRef;
import io.github.genesysqueuefeed.feed.GenesysOrg;
import io.github.genesysqueuefeed.genesys.ObservationQueryBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans one org's snapshot: the queue list in batches, and which queues left since the last plan. Says once, when
 * the queue count changes, if the budget cannot cover a snapshot per poll period. Bound as {@code snapshotPlanner}.
 */
public final class SnapshotPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPlanner.class);

    private final Map<String, Set<String>> previousQueueIds = new ConcurrentHashMap<>();

    /** @param org the snapshot's org, set once by its poll route ({@link FeedProperties#GENESYS_ORG}) */
    public SnapshotPlan plan(@ExchangeProperty(FeedProperties.GENESYS_ORG) GenesysOrg org,
                             @ExchangeProperty(FeedProperties.POLL_ONLY) Set<String> pollOnly) throws InterruptedException {
        String alias = org.alias();
        // Rejected credentials fail the snapshot here, once, rather than every batch into the dead letters: nothing
        // was observed, and the one log line names the keys to fix. Transient login failures are left to the
        // batches' retries.
        try {
            org.tokens().token();
        } catch (GenesysAuthException e) {
            if (e.isCredentialsRejected()) {
                throw e;
            }
        }
        List<QueueRef> queues = org.queues().queues();
        Set<String> ids = new LinkedHashSet<>();
        queues.forEach(q -> ids.add(q.id()));
        Set<String> previous = previousQueueIds.put(alias, ids);
        List<String> removed = new ArrayList<>();
        BatchSizing.Sizing sizing = BatchSizing.size(
                BatchSizing.Demand.polling(org.config(), queues.size(), org.queues().refreshPeriod()));
        if (previous == null || previous.size() != ids.size()) {
            sizing.announcement(alias).ifPresent(line -> { if (sizing.fits()) LOG.info(line); else LOG.warn(line); });
        }
        if (previous != null) {
            previous.stream().filter(id -> !ids.contains(id)).forEach(removed::add);
            if (!removed.isEmpty()) {
                LOG.info("org '{}': {} queues left the feed and get a tombstone: {}", alias, removed.size(), removed);
            }
        }
        // push mode between reconciles: only the queues beyond what the channels hold (removals still seen in full)
        List<QueueRef> polled = pollOnly == null ? queues
                : queues.stream().filter(queue -> pollOnly.contains(queue.id())).toList();
        List<List<QueueRef>> batches = ObservationQueryBuilder.batches(polled, sizing.batchSize());
        List<QueueBatch> plan = new ArrayList<>(batches.size());
        for (int i = 0; i < batches.size(); i++) {
            plan.add(new QueueBatch(alias, i, batches.size(), batches.get(i)));
        }
        return new SnapshotPlan(alias, plan, removed);
    }
}

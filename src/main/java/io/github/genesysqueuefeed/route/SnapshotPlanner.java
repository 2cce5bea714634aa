package io.github.genesysqueuefeed.route;

import io.github.genesysqueuefeed.observation.QueueRef;
import io.github.genesysqueuefeed.org.GenesysOrg;
import io.github.genesysqueuefeed.org.GenesysOrgs;
import io.github.genesysqueuefeed.query.ObservationQueryBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.github.genesysqueuefeed.budget.BudgetCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.camel.ExchangeProperty;

/** Splits one org's queue list into the batches of one snapshot. Bound as {@code snapshotPlanner}. */
public final class SnapshotPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPlanner.class);

    private final GenesysOrgs orgs;
    private final Map<String, Integer> checkedQueueCounts = new ConcurrentHashMap<>();

    public SnapshotPlanner(GenesysOrgs orgs) {
        this.orgs = orgs;
    }

    public List<QueueBatch> plan(@ExchangeProperty(FeedProperties.ORG) String alias) throws InterruptedException {
        GenesysOrg org = orgs.get(alias);
        List<QueueRef> queues = org.queues().queues();
        Integer previous = checkedQueueCounts.put(alias, queues.size());
        if (previous == null || previous != queues.size()) {
            BudgetCheck.warning(org.config(), queues.size()).ifPresent(LOG::warn);
        }
        List<List<QueueRef>> batches = ObservationQueryBuilder.batches(queues, org.config().batchSize());
        List<QueueBatch> plan = new ArrayList<>(batches.size());
        for (int i = 0; i < batches.size(); i++) {
            plan.add(new QueueBatch(alias, i, batches.size(), batches.get(i)));
        }
        return plan;
    }
}

package io.github.genesysqueuefeed.route;

import io.github.genesysqueuefeed.observation.QueueRef;
import io.github.genesysqueuefeed.org.GenesysOrg;
import io.github.genesysqueuefeed.org.GenesysOrgs;
import io.github.genesysqueuefeed.query.ObservationQueryBuilder;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.ExchangeProperty;

/** Splits one org's queue list into the batches of one snapshot. Bound as {@code snapshotPlanner}. */
public final class SnapshotPlanner {

    private final GenesysOrgs orgs;

    public SnapshotPlanner(GenesysOrgs orgs) {
        this.orgs = orgs;
    }

    public List<QueueBatch> plan(@ExchangeProperty(FeedProperties.ORG) String alias) throws InterruptedException {
        GenesysOrg org = orgs.get(alias);
        List<List<QueueRef>> batches = ObservationQueryBuilder.batches(org.queues().queues(), org.config().batchSize());
        List<QueueBatch> plan = new ArrayList<>(batches.size());
        for (int i = 0; i < batches.size(); i++) {
            plan.add(new QueueBatch(alias, i, batches.size(), batches.get(i)));
        }
        return plan;
    }
}

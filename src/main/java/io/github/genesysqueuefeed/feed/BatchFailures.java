package io.github.genesysqueuefeed.feed;

import org.apache.camel.ExchangeProperty;

/**
 * Counts a batch that ended in the dead letters (or hit an Error) against its org's snapshot: the error policy in
 * routes/queue-feed.yaml calls it after the dead letter is written. {@link SnapshotResults#failIfBatchesFailed} then
 * fails the snapshot, which the circuit breaker counts. Bound as {@code batchFailures}.
 */
public final class BatchFailures {

    private final GenesysOrgs orgs;

    public BatchFailures(GenesysOrgs orgs) {
        this.orgs = orgs;
    }

    public void count(@ExchangeProperty(FeedProperties.ORG) String org) {
        if (org != null) {
            orgs.get(org).stats().batchesFailed.incrementAndGet();
        }
    }
}

package io.github.genesysqueuefeed.feed;

import io.github.genesysqueuefeed.config.Durations;
import io.github.genesysqueuefeed.config.FeedConfigLoader;
import io.github.genesysqueuefeed.config.OrgConfig;
import io.github.genesysqueuefeed.genesys.RoutingQueuesClient;
import java.time.Duration;
import java.util.Optional;

/**
 * Why this is long: the arithmetic, its worked example and the sentence ops read belong in one place.
 *
 * <p>Picks the observations batch size so that a snapshot per period fits the token's budget, and says so when it
 * cannot. Plain arithmetic on our own keys: no library or Camel EIP knows Genesys' budget or its predicate cap.
 *
 * <p>{@code RequestBudget} allows {@code requests-per-minute} calls in every <em>sliding</em> minute, and the queue
 * listing ({@code GET /api/v2/routing/queues}, {@value RoutingQueuesClient#PAGE_SIZE} queues a page) runs back to
 * back at the start of the snapshot that refreshes the list. So the minute that holds a refresh is the busiest:
 * <pre>
 *   busiest minute = snapshots a minute x ceil(queues / batch)         (snapshots a minute = ceil(60 s / period))
 *                  + refreshes a minute x ceil(queues / 100)           (refreshes a minute = ceil(60 s / refresh period))
 *                  + subscription calls a minute                       (push mode; 0 when polling)
 * </pre>
 * The batch is the smallest size, from the configured one (a floor: never smaller) up to Genesys' cap of
 * {@value FeedConfigLoader#MAX_BATCH_SIZE} queue ids per query, at which the busiest minute fits. When none does, the
 * batch is {@value FeedConfigLoader#MAX_BATCH_SIZE} (the fewest calls); if the <em>average</em> minute fits there (the
 * listing spread over its refresh period), every period is kept except around a refresh, whose snapshot waits for
 * budget (and at a period under a minute, runs late).
 * When not even that fits, the verdict names the whole-second period that would fit on average.
 *
 * <p>5,000 queues every 10 s at the defaults (batch 100, 240 a minute, refresh every 5 min): the listing is 50
 * calls, so 190 are left for 6 snapshots, 31 calls each; ceil(5,000 / 31) = 162 queues a batch (31 calls, 186 a
 * minute, 236 in the busiest minute). Batch 125 (40 calls, exactly 240 a minute) leaves no room for the listing, and
 * batch 100 needs 300 + 50 = 350. At 7,000 queues batch 200 fits on average (210 + 14 a minute) but not the refresh
 * minute (210 + 70). At 20,000 queues no batch fits: 100 calls at 200 a batch, 600 a minute plus 40
 * for the listing on average, so snapshots stretch to 30 s. Genesys reports 429 over 300 a minute; the budget never
 * lets that happen, this only decides how many calls a snapshot makes.
 */
public final class BatchSizing {

    /** Genesys' cap on queue ids in one observations query: integrations report it "around 200". */
    public static final int MAX_BATCH_SIZE = FeedConfigLoader.MAX_BATCH_SIZE;
    private static final long MINUTE_MS = 60_000;

    public enum Verdict { FITS, GROWN, CANNOT_FIT }

    /**
     * What one org's plan must fit.
     *
     * @param period                     the poll period (push mode: the reconcile period)
     * @param periodKey                  the key that sets {@code period}, named in the verdict
     * @param configuredBatchSize        {@code genesys.batch-size}: the floor
     * @param subscriptionCallsPerMinute push mode's channel and subscription calls in its busiest minute; 0 when polling
     */
    public record Demand(int queues, Duration period, String periodKey, int requestsPerMinute, int configuredBatchSize,
                         Duration queueRefreshPeriod, int subscriptionCallsPerMinute) {

        public static Demand polling(OrgConfig org, int queues, Duration queueRefreshPeriod) {
            return new Demand(queues, org.pollPeriod(), "genesys.poll-period", org.requestsPerMinute(), org.batchSize(),
                    queueRefreshPeriod, 0);
        }

        int callsPerSnapshot(int batchSize) {
            return (queues + batchSize - 1) / batchSize;
        }

        int listingCalls() {
            return (queues + RoutingQueuesClient.PAGE_SIZE - 1) / RoutingQueuesClient.PAGE_SIZE;
        }

        /** A refresh happens inside a snapshot, so never more often than snapshots do. */
        private long refreshEveryMs(Duration period) {
            return Math.max(queueRefreshPeriod.toMillis(), period.toMillis());
        }

        int busiestMinute(int batchSize, Duration period) {
            long snapshots = ceilDiv(MINUTE_MS, period.toMillis());
            long refreshes = ceilDiv(MINUTE_MS, refreshEveryMs(period));
            return (int) Math.min(Integer.MAX_VALUE,
                    snapshots * callsPerSnapshot(batchSize) + refreshes * listingCalls() + subscriptionCallsPerMinute);
        }

        /** Calls in an average minute; exact when it is a whole number. */
        double averageMinute(int batchSize, Duration period) {
            return (double) callsPerSnapshot(batchSize) * MINUTE_MS / period.toMillis()
                    + (double) listingCalls() * MINUTE_MS / refreshEveryMs(period) + subscriptionCallsPerMinute;
        }
    }

    /**
     * The plan's answer.
     *
     * @param lateAfterRefresh the busiest minute does not fit: the snapshot that refreshes the queue list waits for budget
     * @param periodThatFits   with {@link Verdict#CANNOT_FIT}: the shortest whole-second period that fits on
     *                         average at the largest batch; null when none up to an hour does (subscription
     *                         calls alone take the budget)
     */
    public record Sizing(Demand demand, int batchSize, Verdict verdict, boolean lateAfterRefresh, Duration periodThatFits) {

        public int callsPerSnapshot() {
            return demand.callsPerSnapshot(batchSize);
        }

        public int busiestMinuteCalls() {
            return demand.busiestMinute(batchSize, demand.period());
        }

        public boolean fits() {
            return verdict != Verdict.CANNOT_FIT;
        }

        /** One line for the log (INFO when it fits, WARN when not), or empty when the configured size just fits. */
        public Optional<String> announcement(String alias) {
            Demand d = demand;
            String head = "org '" + alias + "': " + d.queues() + " queues every " + Durations.format(d.period());
            String others = "the queue listing's " + calls(d.listingCalls()) + " every "
                    + Durations.format(d.queueRefreshPeriod()) + (d.subscriptionCallsPerMinute() == 0 ? ""
                    : " and " + d.subscriptionCallsPerMinute() + " subscription calls a minute");
            String late = !lateAfterRefresh ? "" : "; the snapshot that refreshes the queue list waits for budget ("
                    + busiestMinuteCalls() + " calls in its minute)";
            String budget = "genesys.requests-per-minute=" + d.requestsPerMinute();
            return switch (verdict) {
                case FITS -> lateAfterRefresh ? Optional.of(head + " at batch size " + batchSize + late) : Optional.empty();
                case GROWN -> Optional.of(head + ": batch size grown from genesys.batch-size=" + d.configuredBatchSize()
                        + " to " + batchSize + ", so that " + calls(callsPerSnapshot()).replace("call", "observation call")
                        + " per snapshot plus " + others + " fit " + budget + " (" + busiestMinuteCalls()
                        + " calls in the busiest minute; at " + d.configuredBatchSize() + " it would be "
                        + d.busiestMinute(d.configuredBatchSize(), d.period()) + ")" + late);
                case CANNOT_FIT -> Optional.of(head + " do not fit " + budget + " even at batch size " + batchSize + ": "
                        + calls(callsPerSnapshot()) + " per snapshot, "
                        + (long) Math.ceil(d.averageMinute(batchSize, d.period())) + " calls in an average minute with "
                        + others + ". " + (periodThatFits == null
                        ? "No poll period up to 1h fits: the subscription calls alone take the budget" + raise("; raise")
                        : "Snapshots will stretch to about " + Durations.format(periodThatFits) + ": set " + d.periodKey()
                        + "=" + Durations.format(periodThatFits) + " or more to say so" + raise(", or raise")));
            };
        }

        private String raise(String lead) {
            int genesysMax = FeedConfigLoader.GENESYS_REQUESTS_PER_MINUTE;
            return demand.requestsPerMinute() >= genesysMax ? ""
                    : lead + " genesys.requests-per-minute (Genesys allows " + genesysMax + ")";
        }
    }

    private BatchSizing() {
    }

    public static Sizing size(Demand d) {
        int floor = Math.min(Math.max(1, d.configuredBatchSize()), MAX_BATCH_SIZE);
        Duration period = d.period();
        for (int batch = floor; batch <= MAX_BATCH_SIZE; batch++) {
            if (d.busiestMinute(batch, period) <= d.requestsPerMinute()) {
                return new Sizing(d, batch, batch == floor ? Verdict.FITS : Verdict.GROWN, false, null);
            }
        }
        // the refresh minute is over whatever the size: the largest batch makes it least late
        if (d.averageMinute(MAX_BATCH_SIZE, period) <= d.requestsPerMinute()) {
            return new Sizing(d, MAX_BATCH_SIZE, MAX_BATCH_SIZE == floor ? Verdict.FITS : Verdict.GROWN, true, null);
        }
        return new Sizing(d, MAX_BATCH_SIZE, Verdict.CANNOT_FIT, true, periodThatFits(d));
    }

    /** The shortest whole-second period at which the largest batch fits on average, up to an hour; else null. */
    private static Duration periodThatFits(Demand d) {
        for (long seconds = Math.max(1, ceilDiv(d.period().toMillis(), 1000)); seconds <= 3600; seconds++) {
            if (d.averageMinute(MAX_BATCH_SIZE, Duration.ofSeconds(seconds)) <= d.requestsPerMinute()) {
                return Duration.ofSeconds(seconds);
            }
        }
        return null;
    }

    private static String calls(int n) {
        return n + (n == 1 ? " call" : " calls");
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}

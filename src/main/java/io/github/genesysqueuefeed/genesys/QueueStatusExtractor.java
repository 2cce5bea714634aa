package io.github.genesysqueuefeed.genesys;

import io.github.genesysqueuefeed.event.Timestamps;
import io.github.genesysqueuefeed.event.QueueStatusEvent;
import io.github.genesysqueuefeed.genesys.ObservationResponse.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one observations response into one {@link QueueStatusEvent} per requested queue, as README.md's
 * queue-status field table maps it. Conversation metrics arrive per queue and media type and are summed; user metrics arrive per queue,
 * split by qualifier. What Genesys leaves out (an idle queue, a metric with nothing to count) is 0: every
 * queue asked for gets its event, because "no event" would read downstream as "feed broken".
 *
 * <p>Numbers Genesys should never send are not published as truth. A queue with a count that is negative,
 * not a whole number, not a number at all or above {@link #MAX_COUNT}, a sum above that ceiling, or a group
 * (queue + media type) or metric reported twice (its counts would be doubled) is <em>rejected</em>: it gets no
 * event and comes back in {@link Extraction#rejected()} with the reason, while the other queues of the batch
 * publish. The whole answer is {@link MalformedObservationsException malformed} only when data cannot be
 * attributed to a queue (a null element in {@code results}, a group without a queue id): any queue of the batch
 * could be the one whose numbers are missing, so publishing zeros for it would be false. Timestamps before
 * {@link #EARLIEST_TIMESTAMP} or more than {@link #MAX_CLOCK_AHEAD} after the observation are ignored.
 */
public final class QueueStatusExtractor {

    /**
     * The ceiling of any count, and of any sum, for one queue. The largest contact centres have a few thousand
     * agents and conversations per queue; a million is beyond any real queue and well below where a long could
     * overflow, so a larger number is a fault (1e23 read as a long used to wrap to a random value).
     */
    public static final long MAX_COUNT = 1_000_000;
    /** A waiting-since timestamp before this is not plausible (and 2 read as epoch-ms would say 1970). */
    public static final Instant EARLIEST_TIMESTAMP = Instant.parse("2000-01-01T00:00:00Z");
    /** How far Genesys' clock may be ahead of ours before a waiting-since timestamp is not believed. */
    public static final Duration MAX_CLOCK_AHEAD = Duration.ofHours(1);

    private QueueStatusExtractor() {
    }

    /** The events of the queues whose numbers are plausible, in request order, and the queues rejected. */
    public record Extraction(List<QueueStatusEvent> events, List<RejectedQueue> rejected) {
    }

    /**
     * A requested queue whose numbers were not published.
     *
     * @param results the queue's result groups as Genesys sent them (what its dead letter carries)
     */
    public record RejectedQueue(QueueRef queue, String reason, List<Result> results) {
    }

    public static Extraction extract(String org, List<QueueRef> requested, ObservationResponse response,
                                     Instant observedAt) {
        if (response == null) {
            throw new MalformedObservationsException("org '" + org + "': the observations answer is JSON null");
        }
        Map<String, QueueTally> tallies = new HashMap<>();
        for (QueueRef queue : requested) {
            tallies.put(queue.id(), new QueueTally(org, queue, observedAt));
        }
        List<Result> results = response.resultsOrEmpty();
        for (int i = 0; i < results.size(); i++) {
            Result result = results.get(i);
            if (result == null || result.queueId() == null) {
                throw new MalformedObservationsException("org '" + org + "': observations answer for "
                        + requested.size() + " queues: results[" + i + "] "
                        + (result == null ? "is null" : "has no group.queueId")
                        + "; whose numbers it held cannot be told, so no queue of the batch is published");
            }
            QueueTally tally = tallies.get(result.queueId());
            if (tally != null) {
                tally.add(result); // a queue we did not ask for is not ours to report
            }
        }
        String observed = Timestamps.format(observedAt);
        List<QueueStatusEvent> events = new ArrayList<>(requested.size());
        List<RejectedQueue> rejected = new ArrayList<>();
        for (QueueRef queue : requested) {
            QueueTally tally = tallies.get(queue.id());
            tally.checkTotals();
            if (tally.rejection() == null) {
                events.add(tally.toEvent(org, queue, observed));
            } else {
                rejected.add(new RejectedQueue(queue, tally.rejection(), tally.results()));
            }
        }
        return new Extraction(List.copyOf(events), List.copyOf(rejected));
    }
}

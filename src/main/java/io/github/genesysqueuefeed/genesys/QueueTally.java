package io.github.genesysqueuefeed.genesys;

import static io.github.genesysqueuefeed.genesys.PlausibleNumbers.count;
import static io.github.genesysqueuefeed.genesys.PlausibleNumbers.earliest;
import static io.github.genesysqueuefeed.genesys.PlausibleNumbers.epochStat;
import static io.github.genesysqueuefeed.genesys.PlausibleNumbers.plausible;
import static io.github.genesysqueuefeed.genesys.QueueStatusExtractor.MAX_COUNT;

import io.github.genesysqueuefeed.event.QueueStatusEvent;
import io.github.genesysqueuefeed.event.QueueStatusEvent.Agents;
import io.github.genesysqueuefeed.event.QueueStatusEvent.MediaCounts;
import io.github.genesysqueuefeed.event.Timestamps;
import io.github.genesysqueuefeed.genesys.ObservationResponse.Datum;
import io.github.genesysqueuefeed.genesys.ObservationResponse.Observation;
import io.github.genesysqueuefeed.genesys.ObservationResponse.Result;
import io.github.genesysqueuefeed.genesys.PlausibleNumbers.Implausible;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Why this is long: one field per number of the queue's event and one case per Genesys metric; split, the switch that
 * fills the fields and the event that reads them would live apart.
 *
 * <p>Running sums for one queue while the observations response is read, all with checked arithmetic, and the
 * queue's event built from them. The first implausible number (see {@link PlausibleNumbers}) or group reported twice
 * rejects the queue, with the reason; its result groups are still kept for the dead letter.
 */
final class QueueTally {

    private final String org;
    private final QueueRef queue;
    private final Instant observedAt;
    private final List<Result> results = new ArrayList<>();
    private final Set<String> groupsSeen = new HashSet<>();
    private String rejection;
    private long waiting;
    private long interacting;
    private long alerting;
    private Instant longestWaitingSince;   // from oLongestWaiting where the org returns it
    private Instant earliestWaitingObserved; // from the oWaiting observation list otherwise
    private long onQueue;
    private long available;
    private long busy;
    private long notResponding;
    private long offQueue;
    private long members;
    private long active;
    private final Map<String, long[]> byMedia = new LinkedHashMap<>();

    QueueTally(String org, QueueRef queue, Instant observedAt) {
        this.org = org;
        this.queue = queue;
        this.observedAt = observedAt;
    }

    void add(Result result) {
        results.add(result);
        if (rejection != null) {
            return; // the first reason is the one reported; the groups still go into the dead letter
        }
        try {
            String mediaType = result.mediaType();
            if (!groupsSeen.add(mediaType == null ? "" : mediaType)) {
                throw new Implausible("the result group " + group(mediaType)
                        + " appears twice in the answer (its counts would be doubled)");
            }
            Set<String> metricsSeen = new HashSet<>();
            for (Datum datum : result.dataOrEmpty()) {
                if (datum == null) {
                    throw new Implausible("a null entry in the data of group " + group(mediaType));
                }
                if (datum.metric() != null && !metricsSeen.add(datum.metric() + '\u0000' + datum.qualifier())) {
                    throw new Implausible(datum.metric() + (datum.qualifier() == null ? "" : " qualifier "
                            + datum.qualifier()) + " appears twice in group " + group(mediaType)
                            + " (its counts would be doubled)");
                }
                add(mediaType, datum);
            }
        } catch (Implausible | ArithmeticException e) {
            reject(e.getMessage());
        }
    }

    private void reject(String problem) {
        rejection = "org '" + org + "': queue " + queue.id() + (queue.name() == null ? "" : " (" + queue.name() + ")")
                + ": " + problem + "; the queue's numbers are not published this snapshot";
    }

    private String group(String mediaType) {
        return "{queueId=" + queue.id() + (mediaType == null ? "" : ", mediaType=" + mediaType) + "}";
    }

    private void add(String mediaType, Datum datum) throws Implausible {
        if (datum.metric() == null) {
            return;
        }
        switch (datum.metric()) {
            case "oWaiting" -> {
                long count = count(datum, mediaType);
                waiting = Math.addExact(waiting, count);
                addMedia(mediaType, 0, count);
                for (Observation observation : datum.observationsOrEmpty()) {
                    if (observation != null) {
                        earliestWaitingObserved = earliest(earliestWaitingObserved,
                                plausible(Timestamps.parse(observation.observationDate()), observedAt));
                    }
                }
            }
            case "oInteracting" -> {
                long count = count(datum, mediaType);
                interacting = Math.addExact(interacting, count);
                addMedia(mediaType, 1, count);
            }
            case "oAlerting" -> {
                long count = count(datum, mediaType);
                alerting = Math.addExact(alerting, count);
                addMedia(mediaType, 2, count);
            }
            case "oLongestWaiting" ->
                    longestWaitingSince = earliest(longestWaitingSince, epochStat(datum, observedAt));
            case "oOnQueueUsers" -> {
                long count = count(datum, mediaType);
                onQueue = Math.addExact(onQueue, count);
                String qualifier = datum.qualifier() == null ? "" : datum.qualifier();
                switch (qualifier) {
                    case "IDLE" -> available = Math.addExact(available, count);
                    case "INTERACTING", "COMMUNICATING" -> busy = Math.addExact(busy, count);
                    case "NOT_RESPONDING" -> notResponding = Math.addExact(notResponding, count);
                    default -> { } // OFF_QUEUE and unqualified totals count only towards onQueue
                }
            }
            case "oOffQueueUsers" -> offQueue = Math.addExact(offQueue, count(datum, mediaType));
            case "oMemberUsers" -> members = Math.addExact(members, count(datum, mediaType));
            case "oActiveUsers" -> active = Math.addExact(active, count(datum, mediaType));
            default -> { } // metrics we did not ask for
        }
    }

    private void addMedia(String mediaType, int index, long count) {
        // conversation metrics without a media group still count in the totals, just not per media
        if (mediaType != null) {
            long[] counts = byMedia.computeIfAbsent(mediaType, m -> new long[3]);
            counts[index] = Math.addExact(counts[index], count);
        }
    }


    /** A queue's totals above the ceiling are as implausible as one count above it. */
    void checkTotals() {
        if (rejection != null) {
            return;
        }
        Map<String, Long> totals = new LinkedHashMap<>();
        totals.put("waiting", waiting);
        totals.put("interacting", interacting);
        totals.put("alerting", alerting);
        totals.put("agents.onQueue", onQueue);
        totals.put("agents.offQueue", offQueue);
        totals.put("agents.members", members);
        totals.put("agents.active", active);
        totals.forEach((field, total) -> {
            if (rejection == null && total > MAX_COUNT) {
                reject(field + " sums to " + total + ", above the ceiling of " + MAX_COUNT);
            }
        });
    }

    /** Why the queue's numbers are not published, or null when they are plausible. */
    String rejection() {
        return rejection;
    }

    /** The queue's result groups as Genesys sent them. */
    List<Result> results() {
        return List.copyOf(results);
    }

    QueueStatusEvent toEvent(String org, QueueRef queue, String observedAt) {
        Instant oldest = waiting == 0 ? null
                : longestWaitingSince != null ? longestWaitingSince : earliestWaitingObserved;
        Map<String, MediaCounts> media = new LinkedHashMap<>();
        byMedia.forEach((type, c) -> media.put(type, new MediaCounts(c[0], c[1], c[2])));
        return new QueueStatusEvent(QueueStatusEvent.TYPE, QueueStatusEvent.SCHEMA_VERSION, org, queue.id(),
                queue.name(), observedAt, waiting, interacting, alerting, Timestamps.format(oldest),
                new Agents(onQueue, available, busy, notResponding, offQueue, members, active), media,
                queue.division(), null, QueueStatusEvent.SOURCE_POLL);
    }
}

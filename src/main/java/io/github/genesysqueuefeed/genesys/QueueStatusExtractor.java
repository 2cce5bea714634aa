package io.github.genesysqueuefeed.genesys;

import io.github.genesysqueuefeed.event.Timestamps;

import io.github.genesysqueuefeed.event.QueueStatusEvent;
import io.github.genesysqueuefeed.event.QueueStatusEvent.Agents;
import io.github.genesysqueuefeed.event.QueueStatusEvent.MediaCounts;
import io.github.genesysqueuefeed.genesys.ObservationResponse.Datum;
import io.github.genesysqueuefeed.genesys.ObservationResponse.Observation;
import io.github.genesysqueuefeed.genesys.ObservationResponse.Result;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        Map<String, Tally> tallies = new HashMap<>();
        for (QueueRef queue : requested) {
            tallies.put(queue.id(), new Tally(org, queue, observedAt));
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
            Tally tally = tallies.get(result.queueId());
            if (tally != null) {
                tally.add(result); // a queue we did not ask for is not ours to report
            }
        }
        String observed = Timestamps.format(observedAt);
        List<QueueStatusEvent> events = new ArrayList<>(requested.size());
        List<RejectedQueue> rejected = new ArrayList<>();
        for (QueueRef queue : requested) {
            Tally tally = tallies.get(queue.id());
            tally.checkTotals();
            if (tally.rejection == null) {
                events.add(tally.toEvent(org, queue, observed));
            } else {
                rejected.add(new RejectedQueue(queue, tally.rejection, List.copyOf(tally.results)));
            }
        }
        return new Extraction(List.copyOf(events), List.copyOf(rejected));
    }

    /** Why one queue's numbers cannot be believed; caught per queue, never leaves this class. */
    private static final class Implausible extends Exception {
        Implausible(String message) {
            super(message, null, false, false);
        }
    }

    /** Running sums for one queue while the response is read, all with checked arithmetic. */
    private static final class Tally {
        final String org;
        final QueueRef queue;
        final Instant observedAt;
        final List<Result> results = new ArrayList<>();
        final Set<String> groupsSeen = new HashSet<>();
        String rejection;
        long waiting;
        long interacting;
        long alerting;
        Instant longestWaitingSince;   // from oLongestWaiting where the org returns it
        Instant earliestWaitingObserved; // from the oWaiting observation list otherwise
        long onQueue;
        long available;
        long busy;
        long notResponding;
        long offQueue;
        long members;
        long active;
        final Map<String, long[]> byMedia = new LinkedHashMap<>();

        Tally(String org, QueueRef queue, Instant observedAt) {
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
                                    plausible(Timestamps.parse(observation.observationDate())));
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
                case "oLongestWaiting" -> longestWaitingSince = earliest(longestWaitingSince, epochStat(datum));
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

        /** The datum's count: a whole number from 0 to {@link #MAX_COUNT}; missing means nothing to count, 0. */
        private long count(Datum datum, String mediaType) throws Implausible {
            Object value = datum.stats() == null ? null : datum.stats().get("count");
            if (value == null) {
                return 0;
            }
            String what = datum.metric() + (datum.qualifier() == null ? "" : " qualifier " + datum.qualifier())
                    + (mediaType == null ? "" : " (" + mediaType + ")") + " count ";
            BigDecimal number;
            if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                number = BigDecimal.valueOf(((Number) value).longValue());
            } else if (value instanceof BigInteger big) {
                number = new BigDecimal(big);
            } else if (value instanceof BigDecimal decimal) {
                number = decimal;
            } else if (value instanceof Double || value instanceof Float) {
                double d = ((Number) value).doubleValue();
                if (!Double.isFinite(d)) {
                    throw new Implausible(what + value + " is not a finite number");
                }
                number = BigDecimal.valueOf(d);
            } else {
                String shown = String.valueOf(value);
                throw new Implausible(what + (value instanceof String ? '"' + shorten(shown) + '"' : shorten(shown))
                        + " is not a number");
            }
            if (number.signum() < 0) {
                throw new Implausible(what + shorten(number.toString()) + " is negative");
            }
            if (number.stripTrailingZeros().scale() > 0) {
                throw new Implausible(what + shorten(number.toString()) + " is not a whole number");
            }
            if (number.compareTo(BigDecimal.valueOf(MAX_COUNT)) > 0) {
                throw new Implausible(what + shorten(number.toString()) + " is above the ceiling of " + MAX_COUNT);
            }
            return number.longValueExact();
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

        /**
         * oLongest* stats hold an epoch-millisecond timestamp, not a count. {@code count} is never read here:
         * Genesys may send the number of conversations next to the timestamp, and 2 as epoch-ms is 1970.
         */
        private Instant epochStat(Datum datum) {
            if (datum.stats() == null) {
                return null;
            }
            Instant earliest = null;
            for (String key : List.of("calculatedMetricValue", "min", "max")) {
                if (datum.stats().get(key) instanceof Number value && Double.isFinite(value.doubleValue())
                        && Math.abs(value.doubleValue()) < 1e15) { // 1e15 ms is year 33658: beyond any check below
                    earliest = earliest(earliest, plausible(Instant.ofEpochMilli(value.longValue())));
                }
            }
            return earliest;
        }

        /** The timestamp, or null (ignored) when it is before 2000 or far ahead of the observation. */
        private Instant plausible(Instant timestamp) {
            if (timestamp == null || timestamp.isBefore(EARLIEST_TIMESTAMP)
                    || timestamp.isAfter(observedAt.plus(MAX_CLOCK_AHEAD))) {
                return null;
            }
            return timestamp;
        }

        private static Instant earliest(Instant a, Instant b) {
            if (a == null) {
                return b;
            }
            return b == null || a.isBefore(b) ? a : b;
        }

        /** Genesys' text in a reason: short, and no control characters that could forge a log line. */
        private static String shorten(String text) {
            String clean = text.replaceAll("\\p{Cntrl}", "?");
            return clean.length() <= 40 ? clean : clean.substring(0, 40) + "...";
        }
    }
}

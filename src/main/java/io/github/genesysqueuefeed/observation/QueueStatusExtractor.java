package io.github.genesysqueuefeed.observation;

import io.github.genesysqueuefeed.event.QueueStatusEvent;
import io.github.genesysqueuefeed.event.QueueStatusEvent.Agents;
import io.github.genesysqueuefeed.event.QueueStatusEvent.MediaCounts;
import io.github.genesysqueuefeed.observation.ObservationResponse.Datum;
import io.github.genesysqueuefeed.observation.ObservationResponse.Observation;
import io.github.genesysqueuefeed.observation.ObservationResponse.Result;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one observations response into one {@link QueueStatusEvent} per requested queue, as README.md's
 * queue-status field table maps it. Conversation metrics arrive per queue and media type and are summed; user metrics arrive per queue,
 * split by qualifier. What Genesys leaves out (an idle queue, a metric with nothing to count) is 0: every
 * queue asked for gets its event, because "no event" would read downstream as "feed broken".
 */
public final class QueueStatusExtractor {

    private QueueStatusExtractor() {
    }

    public static List<QueueStatusEvent> extract(String org, List<QueueRef> requested, ObservationResponse response,
                                                 Instant observedAt) {
        Map<String, Tally> tallies = new HashMap<>();
        for (QueueRef queue : requested) {
            tallies.put(queue.id(), new Tally());
        }
        for (Result result : response.resultsOrEmpty()) {
            Tally tally = tallies.get(result.queueId());
            if (tally == null) {
                continue; // a queue we did not ask for: not ours to report
            }
            for (Datum datum : result.dataOrEmpty()) {
                tally.add(result.mediaType(), datum);
            }
        }
        String observed = Timestamps.format(observedAt);
        List<QueueStatusEvent> events = new ArrayList<>(requested.size());
        for (QueueRef queue : requested) {
            events.add(tallies.get(queue.id()).toEvent(org, queue, observed));
        }
        return events;
    }

    /** Running sums for one queue while the response is read. */
    private static final class Tally {
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

        void add(String mediaType, Datum datum) {
            if (datum.metric() == null) {
                return;
            }
            long count = datum.count();
            switch (datum.metric()) {
                case "oWaiting" -> {
                    waiting += count;
                    media(mediaType)[0] += count;
                    for (Observation observation : datum.observationsOrEmpty()) {
                        earliestWaitingObserved = earliest(earliestWaitingObserved,
                                Timestamps.parse(observation.observationDate()));
                    }
                }
                case "oInteracting" -> {
                    interacting += count;
                    media(mediaType)[1] += count;
                }
                case "oAlerting" -> {
                    alerting += count;
                    media(mediaType)[2] += count;
                }
                case "oLongestWaiting" -> longestWaitingSince = earliest(longestWaitingSince, epochStat(datum));
                case "oOnQueueUsers" -> {
                    onQueue += count;
                    String qualifier = datum.qualifier() == null ? "" : datum.qualifier();
                    switch (qualifier) {
                        case "IDLE" -> available += count;
                        case "INTERACTING", "COMMUNICATING" -> busy += count;
                        case "NOT_RESPONDING" -> notResponding += count;
                        default -> { } // OFF_QUEUE and unqualified totals count only towards onQueue
                    }
                }
                case "oOffQueueUsers" -> offQueue += count;
                case "oMemberUsers" -> members += count;
                case "oActiveUsers" -> active += count;
                default -> { } // metrics we did not ask for
            }
        }

        private long[] media(String mediaType) {
            // conversation metrics without a media group still count in the totals, just not per media
            return mediaType == null ? new long[3] : byMedia.computeIfAbsent(mediaType, m -> new long[3]);
        }

        QueueStatusEvent toEvent(String org, QueueRef queue, String observedAt) {
            Instant oldest = waiting == 0 ? null
                    : longestWaitingSince != null ? longestWaitingSince : earliestWaitingObserved;
            Map<String, MediaCounts> media = new LinkedHashMap<>();
            byMedia.forEach((type, c) -> media.put(type, new MediaCounts(c[0], c[1], c[2])));
            return new QueueStatusEvent(QueueStatusEvent.TYPE, QueueStatusEvent.SCHEMA_VERSION, org, queue.id(),
                    queue.name(), observedAt, waiting, interacting, alerting, Timestamps.format(oldest),
                    new Agents(onQueue, available, busy, notResponding, offQueue, members, active), media,
                    queue.division(), null);
        }

        /**
         * oLongest* stats hold an epoch-millisecond timestamp, not a count. {@code count} is never read here:
         * Genesys may send the number of conversations next to the timestamp, and 2 as epoch-ms is 1970.
         */
        private static Instant epochStat(Datum datum) {
            if (datum.stats() == null) {
                return null;
            }
            Instant earliest = null;
            for (String key : List.of("calculatedMetricValue", "min", "max")) {
                Number value = datum.stats().get(key);
                if (value != null && value.longValue() > 0) {
                    earliest = earliest(earliest, Instant.ofEpochMilli(value.longValue()));
                }
            }
            return earliest;
        }

        private static Instant earliest(Instant a, Instant b) {
            if (a == null) {
                return b;
            }
            return b == null || a.isBefore(b) ? a : b;
        }
    }
}

package io.github.genesysqueuefeed.push;

import io.github.genesysqueuefeed.genesys.ObservationResponse.Datum;
import io.github.genesysqueuefeed.genesys.ObservationResponse.Result;
import java.util.ArrayList;
import java.util.List;

/**
 * Waiting-since across notifications: a notification that says something waits but carries neither
 * {@code oLongestWaiting} nor waiting observations keeps the group's previous waiting-time data while its waiting
 * count has not dropped (the oldest conversation cannot have been answered without the count falling, save for one
 * leaving as another arrives); when the count dropped the data is gone and {@code oldestWaitingSince} is null until
 * a message or the next reconcile says it again. Used by {@link QueueObservationState} when a notification
 * replaces a group. Pure.
 */
final class WaitingTimeMerge {

    private WaitingTimeMerge() {
    }

    /** The group {@code incoming} replaces {@code previous} with, previous waiting-time data kept by the rule above. */
    static Result merge(Result previous, Result incoming) {
        if (hasWaitingTime(incoming) || !hasWaitingTime(previous)) {
            return incoming;
        }
        long before = waiting(previous);
        long now = waiting(incoming);
        if (now == 0 || now < before) {
            return incoming;
        }
        List<Datum> data = new ArrayList<>();
        for (Datum datum : incoming.dataOrEmpty()) {
            Datum kept = datum;
            Datum old = find(previous, "oWaiting");
            if (old != null && "oWaiting".equals(datum.metric()) && datum.qualifier() == null) {
                kept = new Datum(datum.metric(), null, datum.stats(), old.truncated(), old.observations());
            }
            data.add(kept);
        }
        Datum longest = find(previous, "oLongestWaiting");
        if (longest != null) {
            data.add(longest);
        }
        return new Result(incoming.group(), List.copyOf(data));
    }

    private static boolean hasWaitingTime(Result group) {
        Datum waiting = find(group, "oWaiting");
        return find(group, "oLongestWaiting") != null
                || waiting != null && !waiting.observationsOrEmpty().isEmpty();
    }

    /** The group's oWaiting count; the group has passed the extraction's checks, so it is a small whole number. */
    private static long waiting(Result group) {
        Datum datum = find(group, "oWaiting");
        Object count = datum == null || datum.stats() == null ? null : datum.stats().get("count");
        return count instanceof Number number ? number.longValue() : 0;
    }

    private static Datum find(Result group, String metric) {
        for (Datum datum : group.dataOrEmpty()) {
            if (datum != null && metric.equals(datum.metric()) && datum.qualifier() == null) {
                return datum;
            }
        }
        return null;
    }
}

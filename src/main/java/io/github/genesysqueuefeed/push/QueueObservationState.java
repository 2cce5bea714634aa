package io.github.genesysqueuefeed.push;

import io.github.genesysqueuefeed.event.QueueStatusEvent;
import io.github.genesysqueuefeed.genesys.ImplausibleNumbersException;
import io.github.genesysqueuefeed.genesys.ObservationResponse;
import io.github.genesysqueuefeed.genesys.ObservationResponse.Result;
import io.github.genesysqueuefeed.genesys.QueueRef;
import io.github.genesysqueuefeed.genesys.QueueStatusExtractor;
import io.github.genesysqueuefeed.genesys.QueueStatusExtractor.Extraction;
import io.github.genesysqueuefeed.push.NotificationMessage.QueueObservation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The current observation groups of every queue of one org, as the poller last saw them and notifications have
 * changed them since, and the whole {@link QueueStatusEvent} of a queue after each change. A group is (queue,
 * media type) for conversation metrics, (queue) for user metrics; a notification replaces its group (a metric it
 * does not mention is 0, as in the query response). The event is computed by the poller's own
 * {@link QueueStatusExtractor#extract} over the queue's groups, so push and poll give equal events for equal
 * numbers. Thread-safe (notifications arrive on the socket's thread, a reconcile on the poller's).
 *
 * <p>A group's waiting-time data survives a notification that omits it by {@link WaitingTimeMerge}'s rule.
 */
public final class QueueObservationState {

    private final String org;
    private final Function<String, QueueRef> directory;
    private final Clock clock;
    private final Map<String, List<Result>> groupsByQueue = new HashMap<>();

    /**
     * @param directory the queue of an id (name, division), or null when the feed does not feed that queue
     * @param clock     what stamps {@code observedAt} of a pushed event (when the notification was merged)
     */
    public QueueObservationState(String org, Function<String, QueueRef> directory, Clock clock) {
        this.org = Objects.requireNonNull(org);
        this.directory = Objects.requireNonNull(directory);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Merges one notification and returns the queue's whole event ({@code source} push), or empty when the queue
     * is not in the directory (a notification still in flight after its topic was removed: its state is dropped).
     *
     * @throws ImplausibleNumbersException when the merged queue's totals are above the ceiling; the state is
     *                                     left as it was
     */
    public synchronized Optional<QueueStatusEvent> apply(QueueObservation observation) {
        QueueRef queue = directory.apply(observation.queueId());
        if (queue == null) {
            groupsByQueue.remove(observation.queueId());
            return Optional.empty();
        }
        List<Result> groups = new ArrayList<>(groupsByQueue.getOrDefault(queue.id(), List.of()));
        Result incoming = observation.group();
        int at = indexOf(groups, observation.mediaType());
        if (at < 0) {
            groups.add(incoming);
        } else {
            groups.set(at, WaitingTimeMerge.merge(groups.get(at), incoming));
        }
        Extraction extraction = QueueStatusExtractor.extract(org, List.of(queue),
                new ObservationResponse(null, groups), clock.instant());
        if (!extraction.rejected().isEmpty()) {
            throw new ImplausibleNumbersException(queue.id(), extraction.rejected().get(0).reason());
        }
        groupsByQueue.put(queue.id(), List.copyOf(groups));
        return Optional.of(extraction.events().get(0).withSource(QueueStatusEvent.SOURCE_PUSH));
    }

    /** A poll's groups of one queue replace everything known about it (no groups: every count 0). */
    public synchronized void replace(String queueId, List<Result> groups) {
        groupsByQueue.put(queueId, List.copyOf(groups));
    }

    /** A whole reconcile snapshot: every queue's groups replaced, queues not in it forgotten. */
    public synchronized void replaceAll(Map<String, List<Result>> snapshot) {
        groupsByQueue.clear();
        snapshot.forEach((queueId, groups) -> groupsByQueue.put(queueId, List.copyOf(groups)));
    }

    public synchronized void forget(String queueId) {
        groupsByQueue.remove(queueId);
    }

    public synchronized Set<String> queueIds() {
        return Set.copyOf(groupsByQueue.keySet());
    }

    /**
     * The groups of each queue asked for in one observations answer, for {@link #replace} or {@link #replaceAll}:
     * a queue Genesys left out gets no groups (all zero), a group of a queue not asked for is not kept.
     */
    public static Map<String, List<Result>> groupsByQueue(Collection<String> queueIds, ObservationResponse response) {
        Map<String, List<Result>> groups = new LinkedHashMap<>();
        queueIds.forEach(id -> groups.put(id, new ArrayList<>()));
        if (response != null) {
            for (Result result : response.resultsOrEmpty()) {
                if (result != null && result.queueId() != null && groups.containsKey(result.queueId())) {
                    groups.get(result.queueId()).add(result);
                }
            }
        }
        return groups;
    }

    private static int indexOf(List<Result> groups, String mediaType) {
        for (int i = 0; i < groups.size(); i++) {
            if (Objects.equals(groups.get(i).mediaType(), mediaType)) {
                return i;
            }
        }
        return -1;
    }
}

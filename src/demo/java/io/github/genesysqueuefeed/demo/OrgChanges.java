package io.github.genesysqueuefeed.demo;

import io.github.genesysqueuefeed.support.NotificationsSimulator;
import io.github.genesysqueuefeed.support.NotificationsSimulator.Metric;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated org's own clock: at a steady rate it changes a random queue ({@link GenesysSimulator#change}) and
 * pushes the groups that changed to every channel subscribed to that queue, as Genesys pushes an observation when it
 * changes. A poll-mode feed sees the same changes at its next snapshot (nobody subscribes, nothing is pushed). A
 * scheduled executor, not a Camel timer: it plays Genesys, not the feed.
 */
public final class OrgChanges implements AutoCloseable {

    private final GenesysSimulator genesys;
    private final NotificationsSimulator notifications;
    private final List<String> queueIds;
    private final Random random;
    private final AtomicInteger changes = new AtomicInteger();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "org-changes");
        t.setDaemon(true);
        return t;
    });

    private OrgChanges(GenesysSimulator genesys, NotificationsSimulator notifications, long seed) {
        this.genesys = genesys;
        this.notifications = notifications;
        this.queueIds = genesys.queueIds();
        this.random = new Random(seed);
    }

    /** Changes {@code perSecond} random queues a second, evenly spaced, from now until {@link #close}. */
    public static OrgChanges start(GenesysSimulator genesys, NotificationsSimulator notifications, double perSecond,
                                   long seed) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("changes per second must be positive: " + perSecond);
        }
        OrgChanges changes = new OrgChanges(genesys, notifications, seed);
        genesys.freeze();
        long every = Math.max(1, Math.round(1_000_000_000 / perSecond));
        changes.clock.scheduleAtFixedRate(changes::changeOne, every, every, TimeUnit.NANOSECONDS);
        return changes;
    }

    /** Changes made so far. */
    public int changes() {
        return changes.get();
    }

    private void changeOne() {
        try {
            GenesysSimulator.Change change = genesys.change(queueIds.get(random.nextInt(queueIds.size())));
            for (GenesysSimulator.Group group : change.groups()) {
                notifications.push(change.queueId(), group.mediaType(), group.metrics().toArray(Metric[]::new));
            }
            changes.incrementAndGet();
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: say so and keep the org changing
            System.err.println("org-changes: " + e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        clock.shutdownNow();
        clock.awaitTermination(5, TimeUnit.SECONDS);
    }
}

package io.github.genesysqueuefeed.push;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the feed's final stop, removes every kept channel's topics at Genesys ({@code DELETE .../subscriptions}), so
 * channels that live on until they expire (Genesys has no call to delete a channel) carry nothing. Best effort,
 * one attempt per channel on a thread of its own, bounded: a slow or unreachable Genesys must not hold up shutdown.
 */
final class ChannelRelease {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelKeeper.class);

    private final String org;
    private final NotificationsApi api;

    ChannelRelease(String org, NotificationsApi api) {
        this.org = org;
        this.api = api;
    }

    /** Returns when every channel is done or after {@code bound}, whichever comes first. */
    void unsubscribeAll(List<NotificationChannel> channels, Duration bound) {
        if (channels.isEmpty()) {
            return;
        }
        int[] done = new int[1];
        Thread worker = new Thread(() -> {
            for (NotificationChannel channel : channels) {
                try {
                    api.unsubscribeAll(channel.id());
                    synchronized (done) {
                        done[0]++;
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    LOG.info("org '{}': a push channel's topics could not be removed at shutdown: {}", org,
                            e.getMessage());
                }
            }
        }, "push-" + org + "-release");
        worker.setDaemon(true);
        worker.start();
        try {
            worker.join(bound.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.interrupt();
        synchronized (done) {
            LOG.info("org '{}': topics removed from {} of {} push channels at shutdown{}", org, done[0],
                    channels.size(), done[0] == channels.size() ? "" : " (the rest expire on their own within 24 h)");
        }
    }
}

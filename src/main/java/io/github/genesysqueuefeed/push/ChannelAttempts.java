package io.github.genesysqueuefeed.push;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt to bring a {@link KeptChannel} to its plan ({@link KeptChannel#converge}: create, subscribe, open,
 * replace make-before-break, change topics; or release it), and the failure policy around it: a failed attempt
 * waits an exponential back-off with jitter, {@code maxFailedAttempts} in a row or a refusal (403/404) give push up.
 * Tells the feed when a socket is open again after a reconnect, so it can run a reconcile poll.
 */
final class ChannelAttempts {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelKeeper.class);

    private final String org;
    private final NotificationsApi api;
    private final ChannelSettings settings;
    private final PushStats stats;
    private final ChannelKeeper.Events events;
    private final KeptChannel.Opener opener;
    private final Clock clock;
    private final Consumer<String> giveUp;
    private final BooleanSupplier running;

    ChannelAttempts(String org, NotificationsApi api, ChannelSettings settings, PushStats stats,
                    ChannelKeeper.Events events, KeptChannel.Opener opener, Clock clock, Consumer<String> giveUp,
                    BooleanSupplier running) {
        this.org = org;
        this.api = api;
        this.settings = settings;
        this.stats = stats;
        this.events = events;
        this.opener = opener;
        this.clock = clock;
        this.giveUp = giveUp;
        this.running = running;
    }

    void attempt(KeptChannel slot, Set<String> wanted, Instant now) {
        try {
            if (wanted.isEmpty()) {
                slot.release();
                LOG.info("org '{}': push channel {} closed: no queues left on it", org, slot.index);
            } else {
                converge(slot, wanted);
            }
            slot.failures = 0;
            slot.nextAttemptAt = Instant.MIN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (PushUnavailableException refused) {
            giveUp.accept(refused.getMessage());
        } catch (Exception e) {
            if (!running.getAsBoolean()) {
                return;
            }
            slot.failures++;
            stats.failedAttempts.incrementAndGet();
            if (slot.failures >= settings.maxFailedAttempts()) {
                giveUp.accept("push channel " + slot.index + " failed " + slot.failures + " times in a row, last: "
                        + e.getMessage());
                return;
            }
            Duration wait = ReconnectBackoff.delay(slot.failures, settings);
            slot.nextAttemptAt = now.plus(wait);
            LOG.warn("org '{}': push channel {}: attempt {} of {} failed ({}), next in {} ms", org, slot.index,
                    slot.failures, settings.maxFailedAttempts(), e.getMessage(), wait.toMillis());
        }
    }

    private void converge(KeptChannel slot, Set<String> wanted) throws Exception {
        ReconnectReason reason = slot.pending;
        NotificationChannel before = slot.channel;
        boolean resumed = slot.resumed;
        slot.converge(wanted, api, opener, clock.instant(), settings.renewBefore());
        slot.pending = null;
        slot.resumed = false;
        if (before == null && reason == null) {
            LOG.info("org '{}': push channel {} open with {} topics", org, slot.index, wanted.size());
        } else if (reason != null) {
            LOG.info("org '{}': push channel {} open again ({}) with {} topics", org, slot.index, reason.label(),
                    wanted.size());
            events.onReconnected(reason);
        } else if (resumed) {
            LOG.info("org '{}': push channel {} open again after a stop, on {} with {} topics", org, slot.index,
                    slot.channel == before ? "the same channel" : "a new channel (the old one was due)",
                    wanted.size());
        }
    }
}

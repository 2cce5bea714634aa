package io.github.genesysqueuefeed.push;

import io.github.genesysqueuefeed.genesys.GenesysHttp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one org's notification channels up (longer than 150 lines: scheduling, watchdog, failure policy and frame
 * routing share one lock's invariants; the per-channel calls live in {@link KeptChannel}).
 *
 * <p>{@link #setQueues} plans the wanted topics onto channels ({@link ChannelPlan}); a tick, every
 * {@code tickPeriod} and whenever something happened, brings each channel to its plan: create, subscribe and open
 * it, change its topics with the fewest calls, replace it make-before-break (new channel subscribed and open before
 * the old one closes) on {@code socket_closing} and before it expires, reopen a socket that went silent for the
 * heartbeat timeout, and reopen a dropped one after an exponential back-off with jitter. Refused (403/404), or
 * {@code maxFailedAttempts} failures in a row on one channel: everything closes and {@link Events#onPushUnavailable}
 * tells the caller to poll ({@link #start} tries again later). All decisions read the injected {@link Clock}.
 *
 * <p>Hand-written: no Camel component or library keeps Genesys notification channels (topic limits, socket_closing,
 * expiry); camel-vertx-websocket would bring a second HTTP stack beside {@link GenesysHttp}'s proxy settings.
 */
public final class ChannelKeeper {

    /** What the feed needs to hear; called on the keeper's threads, must not block. */
    public interface Events {
        /** A channel's socket is open again after a gap or a replacement: the feed runs a reconcile poll. */
        default void onReconnected(ReconnectReason reason) {
        }

        /** Push is refused or cannot be kept up: the feed polls; everything is closed until {@link #start} again. */
        default void onPushUnavailable(String why) {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ChannelKeeper.class);

    private final String org;
    private final NotificationsApi api;
    private final GenesysHttp http;
    private final FrameClassifier classifier;
    private final FrameListener frames;
    private final Events events;
    private final ChannelSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final PushStats stats = new PushStats();
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final List<KeptChannel> slots = new CopyOnWriteArrayList<>();
    private final Object planLock = new Object();
    private List<Set<String>> planned = List.of();
    private Set<String> overflow = Set.of();
    private boolean overflowLogged;
    private volatile boolean running;
    /** Bumped by every start(): a tick of an earlier run (say, the one that gave up) stops touching channels. */
    private volatile int generation;
    private volatile boolean unavailable;
    private volatile ScheduledFuture<?> ticker;
    private final Object workerLock = new Object();
    private Thread worker;

    public ChannelKeeper(String org, NotificationsApi api, GenesysHttp http, FrameClassifier classifier,
                         FrameListener frames, Events events, ChannelSettings settings, Clock clock,
                         ScheduledExecutorService scheduler) {
        this.org = org;
        this.api = api;
        this.http = http;
        this.classifier = classifier;
        this.frames = frames;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /**
     * The queues to push from now on; channels follow on the next tick.
     *
     * @return the queues beyond {@code maxChannels * topicsPerChannel}: the caller polls them
     */
    public Set<String> setQueues(Set<String> queueIds) {
        synchronized (planLock) {
            ChannelPlan.Result plan = ChannelPlan.plan(planned, queueIds, settings.topicsPerChannel(),
                    settings.maxChannels());
            planned = plan.channels();
            overflow = plan.overflow();
            if (!overflow.isEmpty() && !overflowLogged) {
                overflowLogged = true;
                LOG.warn("org '{}': {} queues are more than {} channels of {} topics hold; {} of them are polled "
                                + "instead of pushed. Logged once", org, queueIds.size(), settings.maxChannels(),
                        settings.topicsPerChannel(), overflow.size());
            }
        }
        trigger();
        return overflow();
    }

    /** The queues that did not fit on the channels (polled by the caller). */
    public Set<String> overflow() {
        synchronized (planLock) {
            return overflow;
        }
    }

    /** Opens the planned channels (again, after {@link Events#onPushUnavailable}). */
    public synchronized void start() {
        if (running) {
            return;
        }
        closeAll("restarting");
        slots.clear();
        unavailable = false;
        generation++;
        running = true;
        ticker = scheduler.scheduleWithFixedDelay(this::tick, 0, settings.tickPeriod().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes every socket now; a call in flight is interrupted, nothing waits for Genesys. */
    public synchronized void stop() {
        running = false;
        ScheduledFuture<?> tick = ticker;
        if (tick != null) {
            tick.cancel(false);
        }
        synchronized (workerLock) {
            if (worker != null) {
                worker.interrupt();
            }
        }
        closeAll("feed stopping");
    }

    public boolean isRunning() {
        return running;
    }

    /** True after {@link Events#onPushUnavailable}, until the next {@link #start}. */
    public boolean isUnavailable() {
        return unavailable;
    }

    public PushStats stats() {
        return stats;
    }

    private void trigger() {
        if (running) {
            scheduler.execute(this::tick);
        }
    }

    /** One pass over the channels; serialised by the lifecycle lock whatever the scheduler's thread count. */
    void tick() {
        if (!running) {
            return;
        }
        try {
            lifecycle.lockInterruptibly();
        } catch (InterruptedException e) {
            return;
        }
        synchronized (workerLock) {
            worker = Thread.currentThread();
        }
        int run = generation;
        try {
            List<Set<String>> plan;
            synchronized (planLock) {
                plan = planned;
            }
            while (slots.size() < plan.size()) {
                slots.add(new KeptChannel(slots.size() + 1));
            }
            for (KeptChannel slot : slots) {
                if (!running || run != generation || Thread.currentThread().isInterrupted()) {
                    return;
                }
                Set<String> wanted = slot.index <= plan.size() ? plan.get(slot.index - 1) : Set.of();
                Instant now = clock.instant();
                watch(slot, now);
                if (!now.isBefore(slot.nextAttemptAt) && slot.needsWork(wanted)) {
                    attempt(slot, wanted, now);
                }
            }
        } finally {
            synchronized (workerLock) {
                worker = null;
            }
            updateGauges();
            lifecycle.unlock();
            Thread.interrupted(); // a stop() aimed at this tick must not hit the scheduler's next task
        }
    }

    /** Heartbeat watchdog, liveness ping, renewal before expiry. */
    private void watch(KeptChannel slot, Instant now) {
        ChannelSocket socket = slot.socket;
        if (socket == null || slot.pending != null) {
            return;
        }
        Duration silent = Duration.between(socket.lastMessageAt(), now);
        if (silent.compareTo(settings.heartbeatTimeout()) >= 0) {
            LOG.warn("org '{}': push channel {} silent for {} s (no heartbeat): reconnecting", org, slot.index,
                    silent.toSeconds());
            socket.abort();
            slot.socket = null;
            reconnectFor(slot, ReconnectReason.HEARTBEAT_TIMEOUT);
            return;
        }
        if (silent.compareTo(settings.heartbeatTimeout().dividedBy(2)) >= 0
                && socket.lastPingAt().isBefore(socket.lastMessageAt())) {
            socket.ping(); // once per silence: a pong proves the socket alive before the watchdog gives up on it
        }
        if (!now.isBefore(slot.channel.expires().minus(settings.renewBefore()))) {
            LOG.info("org '{}': push channel {} expires at {}: replacing it", org, slot.index, slot.channel.expires());
            reconnectFor(slot, ReconnectReason.EXPIRY);
        }
    }

    private void reconnectFor(KeptChannel slot, ReconnectReason reason) {
        slot.pending = reason;
        stats.reconnect(reason);
    }

    private void attempt(KeptChannel slot, Set<String> wanted, Instant now) {
        try {
            if (wanted.isEmpty()) {
                release(slot);
            } else {
                converge(slot, wanted);
            }
            slot.failures = 0;
            slot.nextAttemptAt = Instant.MIN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (PushUnavailableException refused) {
            giveUp(refused.getMessage());
        } catch (Exception e) {
            if (!running) {
                return;
            }
            slot.failures++;
            stats.failedAttempts.incrementAndGet();
            if (slot.failures >= settings.maxFailedAttempts()) {
                giveUp("push channel " + slot.index + " failed " + slot.failures + " times in a row, last: "
                        + e.getMessage());
                return;
            }
            Duration wait = backoff(slot.failures);
            slot.nextAttemptAt = now.plus(wait);
            LOG.warn("org '{}': push channel {}: attempt {} of {} failed ({}), next in {} ms", org, slot.index,
                    slot.failures, settings.maxFailedAttempts(), e.getMessage(), wait.toMillis());
        }
    }

    private void converge(KeptChannel slot, Set<String> wanted) throws Exception {
        ReconnectReason reason = slot.pending;
        boolean firstOpen = slot.channel == null && reason == null;
        slot.converge(wanted, api, this::open, clock.instant());
        slot.pending = null;
        if (firstOpen) {
            LOG.info("org '{}': push channel {} open with {} topics", org, slot.index, wanted.size());
        } else if (reason != null) {
            LOG.info("org '{}': push channel {} open again ({}) with {} topics", org, slot.index, reason.label(),
                    wanted.size());
            events.onReconnected(reason);
        }
    }

    private ChannelSocket open(KeptChannel slot, NotificationChannel channel) throws Exception {
        ChannelSocket socket = ChannelSocket.open(http, channel, settings.connectTimeout(), settings.maxMessageChars(),
                clock, stats, new ChannelSocket.Events() {
                    @Override
                    public void onText(ChannelSocket from, String message) {
                        received(slot, from, message);
                    }

                    @Override
                    public void onClosed(ChannelSocket from, String why) {
                        dropped(slot, from, why);
                    }
                });
        if (!running) {
            socket.abort();
            throw new InterruptedException("stopping");
        }
        return socket;
    }

    /** On the socket's thread, without the lifecycle lock: frames flow even while a subscription call waits. */
    private void received(KeptChannel slot, ChannelSocket from, String message) {
        stats.message(clock.instant());
        FrameKind kind;
        try {
            kind = classifier.classify(message);
        } catch (RuntimeException e) {
            kind = FrameKind.OTHER;
        }
        switch (kind) {
            case HEARTBEAT -> stats.heartbeats.incrementAndGet();
            case SOCKET_CLOSING -> later(() -> {
                if (slot.socket == from && slot.pending == null) {
                    LOG.info("org '{}': push channel {}: Genesys announced socket_closing: replacing it", org, slot.index);
                    reconnectFor(slot, ReconnectReason.SOCKET_CLOSING);
                }
            });
            case OTHER -> {
                stats.notificationsReceived.incrementAndGet();
                try {
                    frames.onFrame(from.channelId(), message);
                } catch (RuntimeException e) {
                    LOG.warn("org '{}': push channel {}: a notification could not be handled: {}", org, slot.index,
                            e.toString());
                }
            }
        }
    }

    private void dropped(KeptChannel slot, ChannelSocket from, String why) {
        later(() -> {
            if (slot.socket != from) {
                return; // an old socket, already replaced
            }
            LOG.warn("org '{}': push channel {}: socket {}", org, slot.index, why);
            slot.socket = null;
            slot.nextAttemptAt = clock.instant().plus(backoff(1)); // before it is counted: tests move the clock then
            if (slot.pending == null) {
                reconnectFor(slot, ReconnectReason.DROPPED);
            }
        });
    }

    /** Runs {@code change} under the lifecycle lock on the scheduler, then a tick. */
    private void later(Runnable change) {
        if (!running) {
            return;
        }
        scheduler.execute(() -> {
            try {
                lifecycle.lockInterruptibly();
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (running) {
                    change.run();
                }
            } finally {
                lifecycle.unlock();
            }
            tick();
        });
    }

    private void release(KeptChannel slot) {
        slot.release();
        LOG.info("org '{}': push channel {} closed: no queues left on it", org, slot.index);
    }

    private void giveUp(String why) {
        if (!running) {
            return;
        }
        running = false;
        unavailable = true;
        ScheduledFuture<?> tick = ticker;
        if (tick != null) {
            tick.cancel(false);
        }
        closeAll("push unavailable");
        LOG.warn("org '{}': push notifications unavailable, polling instead: {}", org, why);
        events.onPushUnavailable(why);
    }

    private void closeAll(String why) {
        for (KeptChannel slot : slots) {
            slot.closeSocket(why);
        }
        updateGauges();
    }

    private Duration backoff(int attempt) {
        return ReconnectBackoff.delay(attempt, settings.backoffMin(), settings.backoffMax(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    private void updateGauges() {
        int open = 0;
        int topics = 0;
        for (KeptChannel slot : slots) {
            if (slot.socket != null) {
                open++;
                topics += slot.subscribed.size();
            }
        }
        stats.channelsOpen.set(open);
        stats.topicsSubscribed.set(topics);
    }
}

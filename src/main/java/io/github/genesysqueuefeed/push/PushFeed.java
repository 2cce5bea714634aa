package io.github.genesysqueuefeed.push;

import io.github.genesysqueuefeed.config.Durations;
import io.github.genesysqueuefeed.config.PushConfig;
import io.github.genesysqueuefeed.event.Json;
import io.github.genesysqueuefeed.event.QueueStatusEvent;
import io.github.genesysqueuefeed.genesys.GenesysHttp;
import io.github.genesysqueuefeed.genesys.ImplausibleNumbersException;
import io.github.genesysqueuefeed.genesys.ObservationResponse;
import io.github.genesysqueuefeed.genesys.QueueRef;
import io.github.genesysqueuefeed.push.NotificationMessage.Malformed;
import io.github.genesysqueuefeed.push.NotificationMessage.QueueObservation;
import io.github.genesysqueuefeed.push.NotificationMessage.Unknown;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push mode of one org, everything but the Camel routing: the org's {@link ChannelKeeper}, the frames it delivers
 * parsed and merged ({@link NotificationParser}, {@link QueueObservationState}) on one bounded frame thread
 * ({@link FrameQueue}) into events handed to an {@link EventSink}, and the one decision whether a tick's snapshot
 * polls ({@link #pollDue}, {@link PollDecision}). Driven by the org's pipeline: {@link #ensureRunning} on every
 * timer tick of the HA leader; a watchdog closes the channels when no tick came for 3 poll periods (leadership
 * lost, org stopped). Push refused or not kept up: every tick polls and push is tried again after
 * {@link Tuning#pushRetryAfter}. Hand-written: no Camel component speaks Genesys' notification channels.
 *
 * Why this is long: it is the one place the keeper, the frame thread, the state and the decision meet; each of
 * them is a class of its own, this holds the transitions between them (start, fallback, retry, watchdog).
 */
public final class PushFeed {

    /** A dead letter carries at most this much of a frame. */
    public static final int MAX_DEAD_LETTER_FRAME_CHARS = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(PushFeed.class);

    /**
     * @param channels       how channels are kept (the heartbeat timeout from {@code genesys.push.heartbeat-timeout})
     * @param frameCapacity  frames waiting for the frame thread at most; more are dropped and trigger a reconcile
     * @param pushRetryAfter after push became unavailable, polling this long before push is tried again
     * @param watchdogPeriod how often the watchdog looks for missing ticks
     */
    public record Tuning(ChannelSettings channels, int frameCapacity, Duration pushRetryAfter, Duration watchdogPeriod) {

        /** 10,000 frames, push retried after 5 minutes, the watchdog every second. */
        public static Tuning of(PushConfig config) {
            return new Tuning(ChannelSettings.defaults().withHeartbeatTimeout(config.heartbeatTimeout()), 10_000,
                    Duration.ofMinutes(5), Duration.ofSeconds(1));
        }
    }

    private final String org;
    private final PushConfig config;
    private final Duration pollPeriod;
    private final EventSink sink;
    private final Clock clock;
    private final Tuning tuning;
    private final NotificationParser parser;
    private final QueueObservationState state;
    private final PollDecision decision;
    private final FrameQueue frames;
    private final ScheduledExecutorService scheduler;
    private final ChannelKeeper keeper;
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private volatile Set<String> queueIds = Set.of();
    private volatile Set<String> overflow = Set.of();
    private volatile Function<String, QueueRef> directory = id -> null;
    private volatile Instant lastTick;
    private volatile Instant lastNotificationAt;

    public PushFeed(String org, PushConfig config, Duration pollPeriod, NotificationsApi api, GenesysHttp http,
                    EventSink sink, Clock clock) {
        this(org, config, pollPeriod, api, http, sink, clock, Tuning.of(config));
    }

    public PushFeed(String org, PushConfig config, Duration pollPeriod, NotificationsApi api, GenesysHttp http,
                    EventSink sink, Clock clock, Tuning tuning) {
        this.org = Objects.requireNonNull(org);
        this.config = config;
        this.pollPeriod = pollPeriod;
        this.sink = sink;
        this.clock = clock;
        this.tuning = tuning;
        this.parser = new NotificationParser(Json.mapper(), org, tuning.channels().maxMessageChars());
        this.state = new QueueObservationState(org, id -> queueIds.contains(id) ? directory.apply(id) : null, clock);
        this.decision = new PollDecision(config.reconcilePeriod(), tuning.pushRetryAfter());
        this.frames = new FrameQueue(org, tuning.frameCapacity(), decision::requestReconcile);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "push-" + org);
            thread.setDaemon(true);
            return thread;
        });
        this.keeper = new ChannelKeeper(org, api, http, new FrameKinds(), this::received, new ChannelKeeper.Events() {
            @Override
            public void onReconnected(ReconnectReason reason) {
                decision.requestReconcile();
            }

            @Override
            public void onPushUnavailable(String why) {
                fellBack(why);
            }
        }, tuning.channels(), clock, scheduler);
        if (config.push()) {
            long every = tuning.watchdogPeriod().toMillis();
            scheduler.scheduleWithFixedDelay(this::watchdog, every, every, TimeUnit.MILLISECONDS);
        }
    }

    // --- driven by the org's pipeline ------------------------------------------------------------------------------

    /**
     * On every timer tick of the org's pipeline, on the HA leader only: remembers the tick, follows the queue list
     * (topics added and removed), and opens the channels when they are closed (at start, after the watchdog, when
     * push is retried after a fallback).
     *
     * @param directory the queue of an id (name, division) for the events; null for a queue not fed
     */
    public synchronized void ensureRunning(Set<String> ids, Function<String, QueueRef> directory) {
        Instant now = clock.instant();
        lastTick = now;
        this.directory = Objects.requireNonNull(directory);
        if (!ids.equals(queueIds)) {
            Set<String> removed = new HashSet<>(queueIds);
            removed.removeAll(ids);
            queueIds = Set.copyOf(ids);
            removed.forEach(state::forget);
            if (config.push()) {
                overflow = keeper.setQueues(queueIds);
                decision.overflow(!overflow.isEmpty());
            }
        }
        if (!config.push()) {
            return;
        }
        if (decision.unavailable()) {
            if (keeper.isRunning() && keeper.stats().channelsOpen.get() > 0) {
                decision.pushBack();
                LOG.info("org '{}': push notifications work again; one reconcile poll, then polling only every {}",
                        org, Durations.format(config.reconcilePeriod()));
            } else if (!keeper.isRunning() && decision.retryDue(now)) {
                LOG.info("org '{}': trying push notifications again (polling every tick meanwhile)", org);
                keeper.start();
            }
        } else if (!keeper.isRunning()) {
            keeper.start();
            decision.requestReconcile(); // whatever changed while the channels were closed
        }
    }

    /**
     * The one decision whether this tick's snapshot polls: always in poll mode and while push is unavailable; in push
     * mode when a reconcile is due (at start-up, {@code reconcile-period} after the last complete one, after a
     * reconnect, dropped frames or a malformed notification) or when queues overflow the channels. Call it once per
     * snapshot that will really run (after the busy check): a reconcile it starts expects every fed queue to be
     * reported through {@link #reconciled}.
     */
    public boolean pollDue(Instant now) {
        return !config.push() || decision.pollDue(now, queueIds);
    }

    /** After {@link #pollDue} said true: does the snapshot cover every queue (true) or only {@link #overflow()}? */
    public boolean fullPoll() {
        return !config.push() || decision.fullPoll();
    }

    /** One batch's observations answer: the queues' state becomes the poll's (push mode's reconcile). */
    public void reconciled(Collection<String> batchQueueIds, ObservationResponse response) {
        QueueObservationState.groupsByQueue(batchQueueIds, response).forEach(state::replace);
        decision.polled(batchQueueIds, clock.instant());
    }

    /** Queues beyond what the channels hold (20 x 1,000): polled on every tick. */
    public Set<String> overflow() {
        return overflow;
    }

    /** Closes the channels and the threads for good (the org or the feed stops). */
    public void stop() {
        keeper.shutdown();
        scheduler.shutdownNow();
        frames.shutdown();
    }

    // --- what operators see ----------------------------------------------------------------------------------------

    /** {@code push}, {@code poll} (configured), or {@code poll (push unavailable since <instant>: <why>)}. */
    public String mode() {
        return config.push() ? decision.mode() : PushConfig.POLL;
    }

    public int channelsOpen() {
        return keeper.stats().channelsOpen.get();
    }

    public int topicsSubscribed() {
        return keeper.stats().topicsSubscribed.get();
    }

    public long notificationsReceived() {
        return keeper.stats().notificationsReceived.get();
    }

    public long reconnects(ReconnectReason reason) {
        return keeper.stats().reconnects(reason);
    }

    /** Seconds since the last notification (not heartbeat) of any channel; -1 before the first. */
    public double secondsSinceLastNotification() {
        Instant last = lastNotificationAt;
        return last == null ? -1 : Duration.between(last, clock.instant()).toMillis() / 1000.0;
    }

    /** Frames dropped because the frame thread was behind by {@link Tuning#frameCapacity} frames. */
    public long framesDropped() {
        return frames.dropped();
    }

    /** Frames dead-lettered: malformed, or numbers the extraction refuses. */
    public long malformedFrames() {
        return malformed.get();
    }

    /** The channel counters (heartbeats, failed attempts, oversized frames ...). */
    public PushStats stats() {
        return keeper.stats();
    }

    // --- frames ------------------------------------------------------------------------------------------------

    /** On the websocket's thread: only queued. */
    private void received(String channelId, String frame) {
        Instant receivedAt = clock.instant();
        lastNotificationAt = receivedAt;
        frames.offer(() -> handle(frame, receivedAt));
    }

    private void handle(String frame, Instant receivedAt) {
        NotificationMessage message = parser.parse(frame);
        try {
            if (message instanceof QueueObservation observation) {
                List<QueueStatusEvent> events;
                try {
                    events = state.apply(observation).map(List::of).orElse(List.of());
                } catch (ImplausibleNumbersException e) {
                    deadLetter(e.getMessage(), frame);
                    return;
                }
                if (!events.isEmpty()) {
                    sink.publish(org, events, receivedAt);
                }
            } else if (message instanceof Malformed bad) {
                deadLetter(bad.reason(), frame);
            } else if (message instanceof Unknown other && unknown.getAndIncrement() == 0) {
                LOG.info("org '{}': a notification on topic {} ignored (logged for the first only)", org,
                        other.topicName());
            }
        } catch (RuntimeException e) {
            LOG.warn("org '{}': a notification could not be handed on: {}", org, e.toString());
        }
    }

    private void deadLetter(String reason, String frame) {
        malformed.incrementAndGet();
        decision.requestReconcile(); // what the frame said is lost: the next poll tells it
        String cut = frame.length() <= MAX_DEAD_LETTER_FRAME_CHARS ? frame
                : frame.substring(0, MAX_DEAD_LETTER_FRAME_CHARS) + "...";
        sink.onMalformed(org, reason, cut);
    }

    // --- transitions ---------------------------------------------------------------------------------------------

    private void fellBack(String why) {
        if (decision.fallBack(clock.instant(), why)) {
            LOG.warn("org '{}': polling every {} from now on, push is tried again at {}", org,
                    Durations.format(pollPeriod), decision.retryPushAt());
        }
    }

    private void watchdog() {
        Instant tick = lastTick;
        if (tick == null || !keeper.isRunning()) {
            return;
        }
        Duration silent = Duration.between(tick, clock.instant());
        if (silent.compareTo(pollPeriod.multipliedBy(3)) >= 0) {
            LOG.info("org '{}': no tick for {} s (3 poll periods: leadership lost or the org stopped): push channels "
                    + "closed until the next tick", org, silent.toSeconds());
            keeper.stop();
        }
    }
}

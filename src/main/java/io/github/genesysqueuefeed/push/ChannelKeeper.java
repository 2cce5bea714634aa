package io.github.genesysqueuefeed.push;

import io.github.genesysqueuefeed.genesys.GenesysHttp;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one org's notification channels up: {@link #setQueues} plans topics onto channels ({@link TopicPlanner}),
 * {@link ChannelPasses} bring the channels to the plan every {@code tickPeriod} and whenever something happened.
 * Refused, or not kept up: all closes and {@link Events#onPushUnavailable} tells the caller to poll. {@link #stop}
 * keeps the channels: the next {@link #start} reopens their sockets (an HA flap does not spend channels of the 20);
 * {@link #shutdown} removes their topics at Genesys. All decisions read the injected {@link Clock}.
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

    /** How long {@link #shutdown} waits for Genesys to remove the channels' topics. */
    static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(ChannelKeeper.class);

    private final String org;
    private final ScheduledExecutorService scheduler;
    private final Duration tickPeriod;
    private final PushStats stats = new PushStats();
    private final TopicPlanner planner;
    private final ChannelPasses passes;
    private final ChannelRelease release;
    private volatile boolean running;
    /** Bumped by every start(): a pass of an earlier run (say, the one that gave up) stops touching channels. */
    private volatile int generation;
    private volatile boolean unavailable;
    private volatile ScheduledFuture<?> ticker;

    public ChannelKeeper(String org, NotificationsApi api, GenesysHttp http, FrameClassifier classifier,
                         FrameListener frames, Events events, ChannelSettings settings, Clock clock,
                         ScheduledExecutorService scheduler) {
        this.org = org;
        this.scheduler = scheduler;
        this.tickPeriod = settings.tickPeriod();
        this.planner = new TopicPlanner(org, settings);
        SlotSockets sockets = new SlotSockets(org, http, settings, clock, stats, classifier, frames, this::later,
                () -> running);
        ChannelAttempts attempts = new ChannelAttempts(org, api, settings, stats, events, sockets, clock,
                why -> giveUp(why, events), () -> running);
        this.passes = new ChannelPasses(planner, new ChannelWatch(org, settings, stats), attempts, stats, clock,
                scheduler, () -> running, () -> generation);
        this.release = new ChannelRelease(org, api);
    }

    /**
     * The queues to push from now on; channels follow on the next pass.
     *
     * @return the queues beyond {@code maxChannels * topicsPerChannel}: the caller polls them
     */
    public Set<String> setQueues(Set<String> queueIds) {
        Set<String> overflow = planner.setQueues(queueIds);
        passes.trigger();
        return overflow;
    }

    /** The queues that did not fit on the channels (polled by the caller). */
    public Set<String> overflow() {
        return planner.overflow();
    }

    /** Opens the planned channels, reusing those kept since {@link #stop} that are not due for renewal. */
    public synchronized void start() {
        if (running) {
            return;
        }
        unavailable = false;
        generation++;
        running = true;
        ticker = scheduler.scheduleWithFixedDelay(passes::tick, 0, tickPeriod.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes every socket now and keeps the channels for {@link #start}; a call in flight is interrupted. */
    public synchronized void stop() {
        running = false;
        cancelTicker();
        passes.interruptRunning();
        passes.closeAll("feed stopping");
    }

    /** The final stop: {@link #stop}, then the channels' topics removed at Genesys within {@link #SHUTDOWN_BOUND}. */
    public synchronized void shutdown() {
        stop();
        release.unsubscribeAll(passes.forgetAll(), SHUTDOWN_BOUND);
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

    /** One pass over the channels (the ticker's task). */
    void tick() {
        passes.tick();
    }

    private void later(Runnable change) {
        passes.later(change);
    }

    private void cancelTicker() {
        ScheduledFuture<?> tick = ticker;
        if (tick != null) {
            tick.cancel(false);
        }
    }

    private void giveUp(String why, Events events) {
        if (!running) {
            return;
        }
        running = false;
        unavailable = true;
        cancelTicker();
        passes.closeAll("push unavailable");
        LOG.warn("org '{}': push notifications unavailable, polling instead: {}", org, why);
        events.onPushUnavailable(why);
    }
}

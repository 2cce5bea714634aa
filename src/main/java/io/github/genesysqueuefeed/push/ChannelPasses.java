package io.github.genesysqueuefeed.push;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The {@link ChannelKeeper}'s channels and its passes over them, one at a time ({@link OneAtATime}): each pass looks
 * at every channel ({@link ChannelWatch}) and brings the due ones to the plan ({@link ChannelAttempts}). The first
 * pass of a run (a {@code start()}) makes the channels kept since the last stop ready to be reused; a pass of an
 * earlier run stops touching channels as soon as it sees a newer one.
 */
final class ChannelPasses {

    private final TopicPlanner planner;
    private final ChannelWatch watch;
    private final ChannelAttempts attempts;
    private final PushStats stats;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final BooleanSupplier running;
    private final IntSupplier generation;
    private final OneAtATime serial = new OneAtATime();
    private final List<KeptChannel> slots = new CopyOnWriteArrayList<>();
    /** The run whose first pass made the kept channels ready to resume; read and written by passes only. */
    private int resumedRun;

    ChannelPasses(TopicPlanner planner, ChannelWatch watch, ChannelAttempts attempts, PushStats stats, Clock clock,
                  ScheduledExecutorService scheduler, BooleanSupplier running, IntSupplier generation) {
        this.planner = planner;
        this.watch = watch;
        this.attempts = attempts;
        this.stats = stats;
        this.clock = clock;
        this.scheduler = scheduler;
        this.running = running;
        this.generation = generation;
    }

    /** One pass now, on the caller's thread. */
    void tick() {
        if (running.getAsBoolean()) {
            int run = generation.getAsInt();
            serial.run(() -> pass(run));
        }
    }

    /** A pass soon, on the scheduler. */
    void trigger() {
        if (running.getAsBoolean()) {
            scheduler.execute(this::tick);
        }
    }

    /** Runs {@code change} one at a time with the passes, on the scheduler, then a pass. */
    void later(Runnable change) {
        if (!running.getAsBoolean()) {
            return;
        }
        scheduler.execute(() -> {
            serial.run(() -> {
                if (running.getAsBoolean()) {
                    change.run();
                }
            });
            tick();
        });
    }

    /** Interrupts the pass or change in progress (a Genesys call in flight). */
    void interruptRunning() {
        serial.interruptRunning();
    }

    void closeAll(String why) {
        slots.forEach(slot -> slot.closeSocket(why));
        stats.gauges(slots);
    }

    /** The final stop: every socket closed, and the channels not yet expired handed back and forgotten. */
    List<NotificationChannel> forgetAll() {
        List<NotificationChannel> kept = new ArrayList<>();
        Instant now = clock.instant();
        for (KeptChannel slot : slots) {
            NotificationChannel channel = slot.forget();
            if (channel != null && now.isBefore(channel.expires())) {
                kept.add(channel);
            }
        }
        slots.clear();
        stats.gauges(slots);
        return kept;
    }

    private void pass(int run) {
        if (run != generation.getAsInt()) {
            return;
        }
        if (resumedRun != run) {
            resumedRun = run;
            slots.forEach(KeptChannel::suspend);
        }
        List<Set<String>> plan = planner.planned();
        while (slots.size() < plan.size()) {
            slots.add(new KeptChannel(slots.size() + 1));
        }
        try {
            for (KeptChannel slot : slots) {
                if (!running.getAsBoolean() || run != generation.getAsInt() || Thread.currentThread().isInterrupted()) {
                    return;
                }
                Set<String> wanted = slot.index <= plan.size() ? plan.get(slot.index - 1) : Set.of();
                Instant now = clock.instant();
                watch.watch(slot, now);
                if (!now.isBefore(slot.nextAttemptAt) && slot.needsWork(wanted)) {
                    attempts.attempt(slot, wanted, now);
                }
            }
        } finally {
            stats.gauges(slots);
        }
    }
}

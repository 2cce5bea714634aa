package io.github.genesysqueuefeed.push;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One org's frames between the websocket threads (which must never block: a slow socket reader makes Genesys close
 * the socket) and the one thread that parses, merges and publishes them in arrival order. Bounded: when full, a frame
 * is dropped and counted, and {@code onDrop} runs (the feed then reconciles). A plain JDK executor: a Camel seda
 * queue would block or fail the websocket thread when full, and would put notifications through Camel before the
 * pipeline wants them.
 */
final class FrameQueue {

    private final ThreadPoolExecutor executor;
    private final AtomicLong dropped = new AtomicLong();

    FrameQueue(String org, int capacity, Runnable onDrop) {
        executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity),
                task -> {
                    Thread thread = new Thread(task, "push-frames-" + org);
                    thread.setDaemon(true);
                    return thread;
                }, (task, pool) -> {
                    if (!pool.isShutdown()) { // after stop(), frames are not wanted: nothing to count
                        dropped.incrementAndGet();
                        onDrop.run();
                    }
                });
    }

    /** Queues {@code work}; never blocks. */
    void offer(Runnable work) {
        executor.execute(work);
    }

    long dropped() {
        return dropped.get();
    }

    int waiting() {
        return executor.getQueue().size();
    }

    void shutdown() {
        executor.shutdownNow();
    }
}

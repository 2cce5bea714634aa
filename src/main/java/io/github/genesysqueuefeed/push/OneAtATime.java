package io.github.genesysqueuefeed.push;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the {@link ChannelKeeper}'s passes and changes one at a time, whatever the scheduler's thread count, and lets
 * {@code stop()} interrupt the one running (a Genesys call in flight). A lock and a thread field: too small for a
 * library, and no executor both serialises and interrupts just the running task.
 */
final class OneAtATime {

    private final ReentrantLock lock = new ReentrantLock();
    private final Object workerLock = new Object();
    private Thread worker;

    /** Runs {@code task} under the lock; skipped when interrupted while waiting for it. */
    void run(Runnable task) {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            return;
        }
        synchronized (workerLock) {
            worker = Thread.currentThread();
        }
        try {
            task.run();
        } finally {
            synchronized (workerLock) {
                worker = null;
            }
            lock.unlock();
            Thread.interrupted(); // an interrupt aimed at this task must not hit the scheduler's next one
        }
    }

    void interruptRunning() {
        synchronized (workerLock) {
            if (worker != null) {
                worker.interrupt();
            }
        }
    }
}

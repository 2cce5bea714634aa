package io.github.genesysqueuefeed.ops;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The split's batch pool, reporting Errors that escape a task. Camel submits the batches ({@code submit}), so an Error
 * thrown outside a processor (processors' failures become the exchange's exception) would end up in a Future nobody
 * reads: never logged, and the snapshot never completes. The JDK and Camel have no pool that reports those; this
 * wrapper hands them to {@link FatalErrors} (logged once, liveness DOWN) and lets them go on as before.
 */
public final class ErrorReportingExecutor extends AbstractExecutorService {

    private final ExecutorService pool;
    private final FatalErrors errors;
    private final String name;

    public ErrorReportingExecutor(ExecutorService pool, FatalErrors errors, String name) {
        this.pool = pool;
        this.errors = errors;
        this.name = name;
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task instanceof FutureTask<?> ? task : reporting(task));
    }

    /** submit() wraps the task in a FutureTask, which keeps an Error to itself: report it from inside. */
    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable task, T value) {
        return new FutureTask<>(reporting(task), value);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> task) {
        return new FutureTask<>(() -> {
            try {
                return task.call();
            } catch (Error e) {
                errors.record(e, "a task of the " + name + " pool");
                throw e;
            }
        });
    }

    private Runnable reporting(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Error e) {
                errors.record(e, "a task of the " + name + " pool");
                throw e;
            }
        };
    }

    @Override
    public void shutdown() {
        pool.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return pool.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return pool.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return pool.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
    }
}

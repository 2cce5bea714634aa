package io.github.genesysqueuefeed.logging;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A pool that runs every task of another pool through {@link #wrap}: the JDK has no decorating ExecutorService and
 * Camel's thread pools take no task decorator, so the MDC carrier ({@link OrgMdc#propagating}) and the Error reporter
 * (ops' ErrorReportingExecutor) share this instead of each forwarding the whole interface.
 *
 * <p>{@code wrap} is called on the submitting thread. A submitted task is wrapped inside its FutureTask, because a
 * FutureTask keeps what its task throws to itself; that FutureTask then goes to the pool as it is. Any other task
 * given to {@code execute} is wrapped there.
 */
public abstract class TaskWrappingExecutor extends AbstractExecutorService {

    private final ExecutorService pool;

    protected TaskWrappingExecutor(ExecutorService pool) {
        this.pool = pool;
    }

    /** {@code task} as the pool should run it; called on the thread that submits it. */
    protected abstract Runnable wrap(Runnable task);

    @Override
    public void execute(Runnable task) {
        pool.execute(task instanceof Wrapped<?> own && own.owner() == this ? task : wrap(task));
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable task, T value) {
        return new Wrapped<>(Executors.callable(wrap(task), value));
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> task) {
        CallResult<T> result = new CallResult<>();
        Runnable wrapped = wrap(() -> result.run(task));
        return new Wrapped<>(() -> {
            wrapped.run();
            return result.get();
        });
    }

    /** A submitted task, already wrapped by this pool. */
    private final class Wrapped<T> extends FutureTask<T> {
        Wrapped(Callable<T> task) {
            super(task);
        }

        TaskWrappingExecutor owner() {
            return TaskWrappingExecutor.this;
        }
    }

    /** A Callable's value or checked exception, carried out of the Runnable that {@link #wrap} takes. */
    private static final class CallResult<T> {
        private T value;
        private Exception failure;

        void run(Callable<T> task) {
            try {
                value = task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                failure = e;
            }
        }

        T get() throws Exception {
            if (failure != null) {
                throw failure;
            }
            return value;
        }
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

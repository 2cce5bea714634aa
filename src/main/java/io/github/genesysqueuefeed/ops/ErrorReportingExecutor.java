package io.github.genesysqueuefeed.ops;

import io.github.genesysqueuefeed.logging.TaskWrappingExecutor;
import java.util.concurrent.ExecutorService;

/**
 * The split's batch pool, reporting Errors that escape a task. Camel submits the batches ({@code submit}), so an Error
 * thrown outside a processor (processors' failures become the exchange's exception) would end up in a Future nobody
 * reads: never logged, and the snapshot never completes. The JDK and Camel have no pool that reports those; this
 * wrapper hands them to {@link FatalErrors} (logged once, liveness DOWN) and lets them go on as before.
 */
public final class ErrorReportingExecutor extends TaskWrappingExecutor {

    private final FatalErrors errors;
    private final String name;

    public ErrorReportingExecutor(ExecutorService pool, FatalErrors errors, String name) {
        super(pool);
        this.errors = errors;
        this.name = name;
    }

    /** Inside the FutureTask of a submitted task (see TaskWrappingExecutor), where the Error is still in flight. */
    @Override
    protected Runnable wrap(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Error e) {
                errors.record(e, "a task of the " + name + " pool");
                throw e;
            }
        };
    }
}

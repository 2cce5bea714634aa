package io.github.genesysqueuefeed.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared wrapper of OrgMdc.propagating and ErrorReportingExecutor: what each submission path runs, and where. */
class TaskWrappingExecutorTest {

    private final ExecutorService jdk = Executors.newSingleThreadExecutor();
    /** Per task: the thread that wrapped it, then "ran" once the wrapper ran on the worker. */
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = new TaskWrappingExecutor(jdk) {
        @Override
        protected Runnable wrap(Runnable task) {
            seen.add("wrapped on " + Thread.currentThread().getName());
            return () -> {
                seen.add("ran");
                task.run();
            };
        }
    };

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdown();
        assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        assertTrue(jdk.isTerminated(), "shutdown reaches the wrapped pool");
    }

    @Test
    void aSubmittedCallableIsWrappedOnceOnTheSubmittingThreadAndKeepsItsValue() throws Exception {
        Future<String> answer = pool.submit(() -> "42");
        assertEquals("42", answer.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("wrapped on " + Thread.currentThread().getName(), "ran"), seen);
    }

    @Test
    void aCallablesCheckedExceptionAndAnErrorReachItsFuture() {
        Future<Object> checked = pool.submit(() -> {
            throw new IOException("refused");
        });
        ExecutionException failed = assertThrows(ExecutionException.class, () -> checked.get(5, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, failed.getCause());

        Future<Object> error = pool.submit(() -> {
            throw new StackOverflowError("deep");
        });
        failed = assertThrows(ExecutionException.class, () -> error.get(5, TimeUnit.SECONDS));
        assertInstanceOf(StackOverflowError.class, failed.getCause());
    }

    @Test
    void executeWrapsATaskAndSubmitDoesNotWrapTwice() throws Exception {
        pool.execute(() -> seen.add("plain"));
        pool.submit(() -> seen.add("submitted")).get(5, TimeUnit.SECONDS); // one worker: "plain" ran before
        String wrappedHere = "wrapped on " + Thread.currentThread().getName();
        assertEquals(2, seen.stream().filter(wrappedHere::equals).count(), seen.toString());
        assertEquals(2, seen.stream().filter("ran"::equals).count(), seen.toString());
        assertTrue(seen.indexOf("ran") < seen.indexOf("plain"), seen.toString());
        assertTrue(seen.lastIndexOf("ran") < seen.indexOf("submitted"), seen.toString());
    }
}

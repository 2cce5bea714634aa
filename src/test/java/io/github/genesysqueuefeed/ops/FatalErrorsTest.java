package io.github.genesysqueuefeed.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.support.LogCapture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Errors that Camel and the JDK would keep to themselves: logged once, in one line, and remembered for liveness. */
class FatalErrorsTest {

    @Test
    void anErrorSeenByTwoLayersIsLoggedOnceInOneLineAndKeptAsTheReason() {
        FatalErrors errors = new FatalErrors();
        StackOverflowError error = new StackOverflowError("deep");
        try (LogCapture log = LogCapture.start()) {
            errors.record(new IllegalStateException("not an Error"), "route 'x'");
            assertNull(errors.reason(), "Exceptions are the routes' business");

            errors.record(error, "route 'observe-batch', org 'emea'");
            errors.record(FatalErrors.errorIn(new RuntimeException("wrapped", error)), "the snapshot of org 'emea'");

            assertEquals(1, log.lines().stream().filter(l -> l.contains("StackOverflowError")).count(), log.text());
            String line = log.linesContaining("StackOverflowError");
            assertTrue(line.contains("ERROR") && line.contains("route 'observe-batch', org 'emea'")
                    && line.contains("FatalErrorsTest"), "what, where and the frame that threw: " + line);
            assertTrue(errors.reason().startsWith("java.lang.StackOverflowError: deep in route 'observe-batch'"),
                    errors.reason());
        }
    }

    @Test
    void anErrorEscapingAPoolTaskIsReportedInsteadOfVanishingInItsFuture() throws Exception {
        FatalErrors errors = new FatalErrors();
        ExecutorService jdk = Executors.newSingleThreadExecutor();
        ExecutorService pool = new ErrorReportingExecutor(jdk, errors, "snapshot-batches");
        try {
            OutOfMemoryError error = new OutOfMemoryError("batch buffer");
            Future<?> task = pool.submit((Runnable) () -> {
                throw error;
            });
            ExecutionException failure = assertThrows(ExecutionException.class, task::get);
            assertSame(error, failure.getCause(), "the caller still sees it");
            assertTrue(errors.reason().contains("OutOfMemoryError: batch buffer in a task of the snapshot-batches pool"),
                    errors.reason());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anErrorNobodyCatchesOnAnyThreadReachesEveryListeningFeed() throws Exception {
        FatalErrors errors = new FatalErrors();
        errors.listen();
        try (LogCapture log = LogCapture.start()) {
            Thread thread = new Thread(() -> {
                throw new StackOverflowError("alert rules nested too deep");
            }, "some-feed-thread");
            thread.start();
            thread.join();

            assertTrue(errors.reason().contains("thread 'some-feed-thread' (uncaught)"), errors.reason());
            assertEquals(1, log.lines().stream().filter(l -> l.contains("alert rules nested too deep")).count(),
                    "one line, no stack trace:\n" + log.text());
        } finally {
            errors.stopListening();
        }
    }
}

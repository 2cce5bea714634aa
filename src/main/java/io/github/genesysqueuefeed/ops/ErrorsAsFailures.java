package io.github.genesysqueuefeed.ops;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;

/**
 * Makes an {@link Error} thrown by any step of any route (an OutOfMemoryError reading a huge body, a StackOverflowError)
 * the exchange's failure, like an Exception. Camel's bridge around synchronous processors catches only Exception: an
 * Error otherwise flies up the stack past every error handler, and on a split's batch thread it ends in a Future nobody
 * reads, so the split, and the snapshot, never complete ("previous snapshot still running" forever). As the exchange's
 * failure, {@link FatalErrorRouteConfiguration} sees it: logged once, liveness DOWN, the batch ends as failed.
 * Camel has no option for this; an InterceptStrategy wraps every step of every route, the YAML ones included.
 *
 * <p>That bridge (DelegateSyncProcessor, ProcessorToAsyncProcessorBridge) calls the callback in a {@code finally}, so
 * it has already said "done" when the Error reaches this class: the exchange would go on without its failure, and the
 * callback would be called twice (the split's batch then completes twice or never: a snapshot that hangs, now and
 * then). So a callback called while the step is still running on this thread is held back until the step returns or
 * throws, and the caller's callback is called exactly once, with the Error already the exchange's exception.
 */
public final class ErrorsAsFailures implements InterceptStrategy {

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                OnceCallback once = new OnceCallback(callback);
                boolean sync;
                try {
                    sync = processor.process(exchange, once);
                } catch (Error error) {
                    exchange.setException(error);   // Camel wraps it in a CamelExecutionException, cause kept
                    once.failed();
                    return true;
                }
                once.returned();
                return sync;
            }
        };
    }

    /** Passes the step's "done" on exactly once, and not before the step has returned or thrown. */
    static final class OnceCallback implements AsyncCallback {

        private static final int RUNNING = 0;
        private static final int HELD_SYNC = 1;     // done(true) while running: passed on when the step returns
        private static final int HELD_ASYNC = 2;    // done(false) while running (from another thread)
        private static final int RETURNED = 3;      // the step returned without done: passed on when it comes
        private static final int PASSED = 4;

        private final AsyncCallback callback;
        private final AtomicInteger state = new AtomicInteger(RUNNING);

        OnceCallback(AsyncCallback callback) {
            this.callback = callback;
        }

        @Override
        public void done(boolean doneSync) {
            if (state.compareAndSet(RUNNING, doneSync ? HELD_SYNC : HELD_ASYNC)) {
                return;
            }
            if (state.compareAndSet(RETURNED, PASSED)) {
                callback.done(doneSync);
            }
            // held or passed on already: a second done is dropped
        }

        /** The step returned normally: pass on a held done; a later one goes straight through. */
        void returned() {
            if (state.compareAndSet(RUNNING, RETURNED)) {
                return;
            }
            int held = state.getAndSet(PASSED);
            if (held == HELD_SYNC || held == HELD_ASYNC) {
                callback.done(held == HELD_SYNC);
            }
        }

        /** The step threw an Error (already the exchange's exception): done, once, synchronously. */
        void failed() {
            int was = state.getAndSet(PASSED);
            if (was != PASSED) {
                callback.done(true);
            }
        }
    }
}

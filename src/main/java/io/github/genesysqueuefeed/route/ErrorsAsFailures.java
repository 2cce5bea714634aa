package io.github.genesysqueuefeed.route;

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
 */
public final class ErrorsAsFailures implements InterceptStrategy {

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                try {
                    return processor.process(exchange, callback);
                } catch (Error error) {
                    exchange.setException(error);   // Camel wraps it in a CamelExecutionException, cause kept
                    callback.done(true);
                    return true;
                }
            }
        };
    }
}

package io.github.genesysqueuefeed.ops;

import io.github.genesysqueuefeed.feed.FeedProperties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.ops.ErrorReportingExecutor;
import io.github.genesysqueuefeed.ops.FatalErrors;
import io.github.genesysqueuefeed.support.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.processor.DelegateSyncProcessor;
import org.junit.jupiter.api.Test;

/**
 * Case 2 of issue 11 in miniature: a step on a split's batch thread throws an Error (a plain processor, like the HTTP
 * producer or the JSON unmarshal reading a huge body). Without {@link ErrorsAsFailures} the Error escapes into the
 * pool's Future and the split never completes; with it the batch fails like any other, the split and the snapshot
 * complete, and the Error is logged once in one line.
 */
class ErrorsAsFailuresTest {

    @Test
    void anErrorOnABatchThreadEndsThatBatchAsFailedAndTheSplitCompletes() throws Exception {
        FatalErrors errors = new FatalErrors();
        ExecutorService pool = new ErrorReportingExecutor(Executors.newFixedThreadPool(2), errors, "batches");
        try (DefaultCamelContext camel = new DefaultCamelContext(); LogCapture log = LogCapture.start()) {
            camel.getCamelContextExtension().addInterceptStrategy(new ErrorsAsFailures());
            camel.getRegistry().bind("pool", pool);
            List<String> failedBatches = new CopyOnWriteArrayList<>();
            camel.addRoutes(new FatalErrorRouteConfiguration(errors, failedBatches::add));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:snapshot").routeId("snapshot")
                            .split(body()).parallelProcessing().executorService("pool")
                                .to("direct:batch")
                            .end()
                            .setBody(constant("done"));
                    from("direct:batch").routeId("observe-batch")
                            // like the real route: Exceptions go to the dead letters, which never see an Error
                            .onException(Exception.class).handled(true).setBody(constant("dead letter")).end()
                            .setProperty(FeedProperties.ORG, constant("emea"))
                            .process(e -> {
                                if (e.getMessage().getBody(Integer.class) == 2) {
                                    throw new StackOverflowError("parsing batch 2");
                                }
                            });
                }
            });
            camel.start();

            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> camel.createProducerTemplate()
                    .requestBody("direct:snapshot", List.of(1, 2, 3), String.class), "the split completes");

            assertEquals(List.of("emea"), failedBatches, "the batch counts as failed for its org's snapshot");
            assertTrue(errors.reason().contains("StackOverflowError: parsing batch 2 in route 'observe-batch', org 'emea'"),
                    errors.reason());
            assertEquals(1, log.lines().stream().filter(l -> l.contains("parsing batch 2")).count(), log.text());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Why the split above hung now and then: Camel's bridge around a synchronous step says "done" in a finally, before
     * the Error reaches ErrorsAsFailures. The caller must hear "done" once, with the Error already the exchange's failure.
     */
    @Test
    void theCallerHearsDoneOnceAndOnlyWithTheErrorAsTheFailure() throws Exception {
        StackOverflowError error = new StackOverflowError("parsing batch 2");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Processor step = new ErrorsAsFailures().wrapProcessorInInterceptors(camel, null,
                    new DelegateSyncProcessor(e -> {
                        throw error;
                    }), null);
            Exchange exchange = new DefaultExchange(camel);
            List<Throwable> failureWhenDone = new CopyOnWriteArrayList<>();

            boolean sync = ((AsyncProcessor) step).process(exchange, doneSync -> {
                failureWhenDone.add(exchange.getException() == null ? new AssertionError("no failure") : exchange.getException());
            });

            assertTrue(sync);
            assertEquals(1, failureWhenDone.size(), "done exactly once: " + failureWhenDone);
            assertSame(error, FatalErrors.errorIn(failureWhenDone.get(0)));
        }
    }

    @Test
    void stepsThatDoNotFailAreDoneOnce() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Processor step = new ErrorsAsFailures().wrapProcessorInInterceptors(camel, null,
                    new DelegateSyncProcessor(e -> e.getMessage().setBody("parsed")), null);
            Exchange exchange = new DefaultExchange(camel);
            List<Boolean> done = new CopyOnWriteArrayList<>();

            assertTrue(((AsyncProcessor) step).process(exchange, done::add));

            assertEquals(List.of(true), done);
            assertEquals("parsed", exchange.getMessage().getBody());
        }
    }

    @Test
    void exceptionsAreLeftToTheRoutes() throws Exception {
        FatalErrors errors = new FatalErrors();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getCamelContextExtension().addInterceptStrategy(new ErrorsAsFailures());
            List<String> failedBatches = new CopyOnWriteArrayList<>();
            camel.addRoutes(new FatalErrorRouteConfiguration(errors, failedBatches::add));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:batch").onException(IllegalStateException.class).handled(true)
                            .setBody(simple("handled: ${exception.message}")).end()
                            .process(e -> {
                                throw new IllegalStateException("HTTP 500");
                            });
                }
            });
            camel.start();
            Exchange result = camel.createProducerTemplate().request("direct:batch", e -> e.getMessage().setBody("x"));
            assertEquals("handled: HTTP 500", result.getMessage().getBody(String.class));
            assertEquals(null, errors.reason());
        }
    }
}

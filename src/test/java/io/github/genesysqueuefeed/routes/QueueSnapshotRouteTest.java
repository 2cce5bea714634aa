package io.github.genesysqueuefeed.routes;

import static io.github.genesysqueuefeed.PipelineRoutes.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.genesysqueuefeed.PipelineRoutes;
import io.github.genesysqueuefeed.PipelineRoutes.Sent;
import io.github.genesysqueuefeed.feed.FeedProperties;
import io.github.genesysqueuefeed.feed.QueueBatch;
import io.github.genesysqueuefeed.feed.SnapshotPlan;
import io.github.genesysqueuefeed.genesys.GenesysApiException;
import io.github.genesysqueuefeed.genesys.QueueRef;
import io.github.genesysqueuefeed.support.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Route test of {@code queue-snapshot} in routes/queue-feed.yaml as shipped: a plan's batches are each observed and
 * published (in parallel, on the batch pool), a batch Genesys rejects is dead-lettered alone while the others publish,
 * and the plan's removed queues get their tombstones. The plan is the test's (the snapshotPlanner step replaced by
 * AdviceWith: the real one logs in and lists queues over HTTP), and so is each batch's answer (observe-batch's
 * {@code direct:call-observations} replaced).
 */
class QueueSnapshotRouteTest {

    private static final String STATUS = "genesys.queue.status";
    /** Each batch's answer by its first queue id: a String is the 200 body, an exception is thrown. */
    private static final Map<String, Object> ANSWERS = new ConcurrentHashMap<>();
    private static SnapshotPlan plan;
    private static PipelineRoutes pipeline;

    @BeforeAll
    static void start() throws Exception {
        pipeline = new PipelineRoutes(Map.of(), new MutableClock(Instant.parse("2026-11-27T09:00:00Z")), context -> {
            try {
                AdviceWith.adviceWith(context, "queue-snapshot", route -> route
                        .weaveByToString(".*snapshotPlanner.*").replace().process(e -> e.getMessage().setBody(plan)));
                AdviceWith.adviceWith(context, "observe-batch", route -> route
                        .weaveByToUri("direct:call-observations").replace().process(QueueSnapshotRouteTest::call));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterAll
    static void stop() {
        pipeline.close();
    }

    private static void call(Exchange exchange) throws Exception {
        QueueBatch batch = exchange.getProperty(FeedProperties.BATCH, QueueBatch.class);
        Object answer = ANSWERS.get(batch.queues().get(0).id());
        if (answer instanceof Exception failure) {
            throw failure;
        }
        exchange.getMessage().setBody(answer);
    }

    @Test
    void everyBatchIsPublishedARejectedOneIsDeadLetteredAloneAndRemovedQueuesGetTombstones() throws Exception {
        QueueBatch first = batch(0, "q-1", "q-2");
        QueueBatch second = batch(1, "q-3", "q-4");
        QueueBatch third = batch(2, "q-5");
        ANSWERS.put("q-1", "{\"results\":[]}");
        ANSWERS.put("q-3", new GenesysApiException("observations answered HTTP 400", 400, "bad.request", "c", null));
        ANSWERS.put("q-5", "{\"results\":[]}");
        plan = new SnapshotPlan("default", List.of(first, second, third), List.of("q-gone"));
        long failedBefore = pipeline.orgs().get("default").stats().batchesFailed.get();

        List<Sent> sent = pipeline.snapshot("direct:snapshot", pipeline.exchange(null));

        List<Sent> status = on(STATUS, sent);
        assertEquals(List.of("q-1", "q-2", "q-5"), status.stream().filter(s -> s.value() != null).map(Sent::key)
                .sorted().toList(), "the other batches publish; nothing of the rejected one");
        List<Sent> tombstones = status.stream().filter(s -> s.value() == null).toList();
        assertEquals(List.of("q-gone"), tombstones.stream().map(Sent::key).toList());
        assertNull(tombstones.get(0).value());
        assertEquals(1, on("genesys.queue.dead-letter", sent).size());
        assertEquals(failedBefore + 1, pipeline.orgs().get("default").stats().batchesFailed.get(),
                "the snapshot will count as failed");
    }

    private static QueueBatch batch(int index, String... ids) {
        return new QueueBatch("default", index, 3, List.of(ids).stream().map(id -> new QueueRef(id, "Queue " + id))
                .toList());
    }
}

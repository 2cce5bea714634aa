package io.github.genesysqueuefeed.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The push-mode poll decision, on its own: the cases PushFeedTest does not reach with real channels. */
class PollDecisionTest {

    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");
    private static final Set<String> QUEUES = Set.of("a", "b");
    private final PollDecision decision = new PollDecision(Duration.ofMinutes(5), Duration.ofMinutes(5));

    @Test
    void aRequestMadeWhileAReconcileRunsIsAnsweredByTheNextOne() {
        assertTrue(decision.pollDue(T0, QUEUES), "start-up");
        decision.polled(Set.of("a"), T0);
        decision.requestReconcile(); // e.g. a reconnect after queue a was polled: a may have missed something
        decision.polled(Set.of("b"), T0);
        assertTrue(decision.pollDue(T0, QUEUES), "the request came after the reconcile began");
        decision.polled(QUEUES, T0);
        assertFalse(decision.pollDue(T0, QUEUES));
        assertFalse(decision.pollDue(T0.plus(Duration.ofMinutes(5)).minusMillis(1), QUEUES));
        assertTrue(decision.pollDue(T0.plus(Duration.ofMinutes(5)), QUEUES), "the reconcile period is over");
    }

    @Test
    void overflowQueuesArePolledEveryTickWithoutAFullSnapshot() {
        decision.pollDue(T0, QUEUES);
        decision.polled(QUEUES, T0);
        decision.overflow(true);
        assertTrue(decision.pollDue(T0, QUEUES));
        assertFalse(decision.fullPoll(), "only the overflow queues");
        decision.overflow(false);
        assertFalse(decision.pollDue(T0, QUEUES));
    }

    @Test
    void fallbackPollsEveryTickAndTellsWhenToRetry() {
        decision.pollDue(T0, QUEUES);
        decision.polled(QUEUES, T0);
        assertTrue(decision.fallBack(T0, "HTTP 403"));
        assertFalse(decision.fallBack(T0.plusSeconds(60), "HTTP 403 again"), "one transition, one log line");
        assertEquals("poll (push unavailable since " + T0 + ": HTTP 403 again)", decision.mode());
        assertTrue(decision.pollDue(T0, QUEUES));
        assertTrue(decision.fullPoll());
        assertFalse(decision.retryDue(T0.plusSeconds(359)), "5 minutes after the last refusal");
        assertTrue(decision.retryDue(T0.plusSeconds(360)));
        decision.pushBack();
        assertEquals("push", decision.mode());
        assertTrue(decision.pollDue(T0.plusSeconds(361), QUEUES), "a reconcile covers the gap");
    }
}

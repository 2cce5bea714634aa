package io.github.genesysqueuefeed.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.event.QueueStatusEvent;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which queues a rule applies to (ids, the queueName glob), and its open/close thresholds. */
class AlertRuleTest {

    static QueueStatusEvent event(String queueId, String queueName, long waiting) {
        return new QueueStatusEvent(QueueStatusEvent.TYPE, 1, "default", queueId, queueName,
                "2026-11-25T10:00:00.000Z", waiting, 0, 0, null,
                new QueueStatusEvent.Agents(0, 0, 0, 0, 0, 0, 0), Map.of(), null, null);
    }

    private static AlertRule rule(Set<String> ids, String glob) {
        return new AlertRule("r", "waiting", ">", 10, 5, 1, ids, glob == null ? null : QueueNameGlob.of(glob));
    }

    @ParameterizedTest(name = "''{0}'' ~ ''{1}'' = {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "Support*    | Support         | true",
            "Support*    | support-EN      | true",
            "Support*    | Tech Support    | false",
            "*Support*   | Tech Support EN | true",
            "*Support    | Tech Support EN | false",
            "S?les       | Sales           | true",
            "S?les       | Sles            | false",
            "?           | x               | true",
            "?           | ''              | false",
            "*           | ''              | true",
            "a*b*c       | aXbYc           | true",
            "a*b*c       | aXbYcZ          | false",
            "a*b*c       | abbbbc          | true",
            "*ab         | aab             | true",
            "Sales.EU    | Sales.EU        | true",
            "Sales.EU    | SalesXEU        | false",
            "(VIP)+[1]   | (vip)+[1]       | true",
            "Ünterstützung* | üNTERSTÜTZUNG Nord | true"})
    void queueNameGlob(String glob, String name, boolean matches) {
        String actualName = name.equals("''") ? "" : name;
        assertEquals(matches, QueueNameGlob.of(glob).matches(actualName), glob + " ~ " + actualName);
    }

    @Test
    void aPatternThatMadeTheRegexBacktrackForeverIsMatchedAtOnce() {
        String glob = "*".repeat(40) + "x";
        String name = "a".repeat(100_000);
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            assertFalse(QueueNameGlob.of(glob).matches(name));
            assertTrue(QueueNameGlob.of(glob).matches(name + "x"));
            assertFalse(QueueNameGlob.of("*a*a*a*a*a*a*a*a*a*a*b").matches("a".repeat(2_000)));
        });
        assertEquals("*x", QueueNameGlob.of(glob).toString(), "consecutive stars are one star");
    }

    @Test
    void aRuleAppliesToItsQueuesItsPatternOrEveryQueue() {
        QueueStatusEvent support = event("q-1", "Support", 0);
        QueueStatusEvent billing = event("q-2", "Billing", 0);
        QueueStatusEvent unnamed = event("q-3", null, 0);

        AlertRule every = rule(Set.of(), null);
        assertTrue(every.appliesTo(support) && every.appliesTo(billing) && every.appliesTo(unnamed));

        AlertRule ids = rule(Set.of("q-2"), null);
        assertFalse(ids.appliesTo(support));
        assertTrue(ids.appliesTo(billing));

        AlertRule named = rule(Set.of(), "Supp*");
        assertTrue(named.appliesTo(support));
        assertFalse(named.appliesTo(billing));
        assertFalse(named.appliesTo(unnamed), "a queue without a name matches no pattern");

        AlertRule either = rule(Set.of("q-2"), "Supp*");
        assertTrue(either.appliesTo(support) && either.appliesTo(billing));
        assertFalse(either.appliesTo(unnamed));
    }

    @Test
    void thresholdsWithHysteresis() {
        AlertRule above = new AlertRule("r", "waiting", ">", 10, 5, 1, Set.of(), null);
        assertFalse(above.breaches(10));
        assertTrue(above.breaches(11));
        assertFalse(above.clears(5));
        assertTrue(above.clears(4));

        AlertRule below = new AlertRule("r", "agents.available", "<=", 1, 3, 1, Set.of(), null);
        assertTrue(below.breaches(1));
        assertFalse(below.breaches(2));
        assertFalse(below.clears(3));
        assertTrue(below.clears(4));
        assertEquals(7, AlertRule.value(event("q", "n", 7), "waiting"));
    }
}

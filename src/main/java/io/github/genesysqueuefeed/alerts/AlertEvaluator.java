package io.github.genesysqueuefeed.alerts;

import io.github.genesysqueuefeed.event.AlertEvent;
import io.github.genesysqueuefeed.event.QueueStatusEvent;
import io.github.genesysqueuefeed.event.Timestamps;
import io.github.genesysqueuefeed.feed.SnapshotPlan;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rules over each snapshot's events and returns only the transitions: one OPEN when a rule trips for a
 * queue, one CLOSED when it clears, nothing while it stays either way. State lives in memory, so after a restart a
 * condition that still holds opens (is announced) once more. Bound as {@code queueAlerts}.
 *
 * <p>Evaluation is time-limited: once a batch has taken {@link #EVALUATION_BUDGET}, the remaining rules are left
 * for the next snapshot (their state unchanged) with one warning, so no rules file can hold a snapshot up for long.
 */
public final class AlertEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);
    /** Far above what the rule and pattern limits allow (1,000 rules x 200 queues takes milliseconds). */
    public static final Duration EVALUATION_BUDGET = Duration.ofSeconds(1);

    private static final class State {
        int breaches;
        boolean open;
        String queueName;
    }

    private final AlertRulesFile rulesFile;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Set<String> knownRules = ConcurrentHashMap.newKeySet();
    private final Set<String> retiredRules = ConcurrentHashMap.newKeySet();
    private final Clock clock; // stamps closeRemoved's alerts: a removed queue has no observation to take a time from
    private final long budgetNanos;
    private final LongSupplier nanoTime;

    public AlertEvaluator(AlertRulesFile rulesFile, Clock clock) {
        this(rulesFile, clock, EVALUATION_BUDGET, System::nanoTime);
    }

    AlertEvaluator(AlertRulesFile rulesFile, Clock clock, Duration budget, LongSupplier nanoTime) {
        this.rulesFile = rulesFile;
        this.clock = clock;
        this.budgetNanos = budget.toNanos();
        this.nanoTime = nanoTime;
    }

    public List<AlertEvent> evaluate(List<QueueStatusEvent> events) {
        List<AlertRule> rules = rulesFile.current();
        List<AlertEvent> transitions = new ArrayList<>();
        Set<String> ruleNames = new HashSet<>();
        rules.forEach(rule -> ruleNames.add(rule.name()));
        long started = nanoTime.getAsLong();
        for (int i = 0; i < rules.size(); i++) {
            AlertRule rule = rules.get(i);
            long elapsed = nanoTime.getAsLong() - started;
            if (i > 0 && elapsed > budgetNanos) {
                LOG.warn("alert rules from {}: evaluating {} queues took {} ms, more than {} ms; rules {} to {} are "
                                + "left for the next snapshot", rulesFile.path(), events.size(), elapsed / 1_000_000,
                        budgetNanos / 1_000_000, i + 1, rules.size());
                break;
            }
            for (QueueStatusEvent event : events) {
                if (!rule.appliesTo(event)) {
                    continue;
                }
                double value = AlertRule.value(event, rule.field());
                State state = states.computeIfAbsent(key(rule.name(), event), k -> new State());
                synchronized (state) {
                    state.queueName = event.queueName();
                    if (!state.open) {
                        state.breaches = rule.breaches(value) ? state.breaches + 1 : 0;
                        if (state.breaches >= rule.forSnapshots()) {
                            state.open = true;
                            transitions.add(alert(rule.name(), rule.field(), event, "OPEN", value, rule.open()));
                        }
                    } else if (rule.clears(value)) {
                        state.open = false;
                        state.breaches = 0;
                        transitions.add(alert(rule.name(), rule.field(), event, "CLOSED", value, rule.close()));
                    }
                }
            }
        }
        // a rule edited out of the file closes what it had open, rather than leaving it open downstream forever
        synchronized (knownRules) {
            retiredRules.addAll(knownRules);
            retiredRules.removeAll(ruleNames);
            knownRules.clear();
            knownRules.addAll(ruleNames);
        }
        for (String retired : retiredRules) {
            for (QueueStatusEvent event : events) {
                State state = states.remove(key(retired, event));
                if (state != null && state.open) {
                    transitions.add(alert(retired, null, event, "CLOSED", null, null));
                }
            }
        }
        return transitions;
    }

    /**
     * Queues that left the feed: every alert they had open closes (field, value and threshold null), so a consumer
     * is not left with an alert no snapshot will ever clear.
     */
    public List<AlertEvent> closeRemoved(SnapshotPlan plan) {
        List<AlertEvent> closed = new ArrayList<>();
        String observedAt = Timestamps.format(clock.instant());
        for (String queueId : plan.removedQueueIds()) {
            String suffix = plan.org() + '/' + queueId;
            states.entrySet().removeIf(entry -> {
                if (!entry.getKey().endsWith('\u0000' + suffix)) {
                    return false;
                }
                if (entry.getValue().open) {
                    String rule = entry.getKey().substring(0, entry.getKey().indexOf('\u0000'));
                    closed.add(new AlertEvent(AlertEvent.TYPE, 1, plan.org(), queueId, entry.getValue().queueName, rule,
                            "CLOSED", null, null, null, observedAt));
                }
                return true;
            });
        }
        return closed;
    }

    private static AlertEvent alert(String rule, String field, QueueStatusEvent event, String state, Double value,
                                    Double threshold) {
        return new AlertEvent(AlertEvent.TYPE, 1, event.org(), event.queueId(), event.queueName(), rule, state, field,
                value, threshold, event.observedAt());
    }

    private static String key(String rule, QueueStatusEvent event) {
        return rule + '\u0000' + suffix(event);
    }

    private static String suffix(QueueStatusEvent event) {
        return event.org() + '/' + event.queueId();
    }
}

package io.github.genesysqueuefeed.alerts;

import io.github.genesysqueuefeed.event.QueueStatusEvent;
import io.github.genesysqueuefeed.observation.Timestamps;
import io.github.genesysqueuefeed.route.SnapshotPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the rules over each snapshot's events and returns only the transitions: one OPEN when a rule trips for a
 * queue, one CLOSED when it clears, nothing while it stays either way. State lives in memory, so after a restart a
 * condition that still holds opens (is announced) once more. Bound as {@code queueAlerts}.
 */
public final class AlertEvaluator {

    private static final class State {
        int breaches;
        boolean open;
        String queueName;
    }

    private final AlertRulesFile rulesFile;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Set<String> knownRules = ConcurrentHashMap.newKeySet();
    private final Set<String> retiredRules = ConcurrentHashMap.newKeySet();

    public AlertEvaluator(AlertRulesFile rulesFile) {
        this.rulesFile = rulesFile;
    }

    public List<AlertEvent> evaluate(List<QueueStatusEvent> events) {
        List<AlertRule> rules = rulesFile.current();
        List<AlertEvent> transitions = new ArrayList<>();
        Set<String> ruleNames = new HashSet<>();
        for (AlertRule rule : rules) {
            ruleNames.add(rule.name());
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
        String observedAt = Timestamps.format(Instant.now());
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

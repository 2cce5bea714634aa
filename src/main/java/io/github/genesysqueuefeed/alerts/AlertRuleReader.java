package io.github.genesysqueuefeed.alerts;

import static io.github.genesysqueuefeed.alerts.BoundedYaml.describe;

import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one rule of the alert rules file and builds it: every key known, every value of its type and range, so that
 * a typo never silently widens or disables a rule. A problem throws an IllegalArgumentException naming the rule and
 * the key.
 */
final class AlertRuleReader {

    static final int MAX_FOR = 10_000;
    static final double MAX_THRESHOLD = 1e9;
    static final int MAX_QUEUE_IDS = 1_000;
    static final int MAX_TEXT = 200;
    private static final List<String> KEYS = List.of("name", "field", "operator", "open", "close", "for", "queues",
            "queueName");

    private AlertRuleReader() {
    }

    /** Rule number {@code index} (from 1) of the file. */
    static AlertRule rule(int index, Object item) {
        if (!(item instanceof Map<?, ?> r)) {
            throw new IllegalArgumentException("rule " + index + ": must be a mapping (name:, field:, ...), not "
                    + describe(item));
        }
        String name = text(r, "name", "rule " + index, true);
        String where = "rule " + index + " ('" + name + "')";
        for (Object key : r.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key " + describe(key) + ", known: " + KEYS);
            }
        }
        String field = text(r, "field", where, true);
        if (!AlertRule.FIELDS.contains(field)) {
            throw new IllegalArgumentException(where + ": 'field' " + describe(field) + " is not one of " + AlertRule.FIELDS);
        }
        String operator = r.containsKey("operator") ? text(r, "operator", where, true) : ">";
        if (!AlertRule.OPERATORS.contains(operator)) {
            throw new IllegalArgumentException(where + ": 'operator' " + describe(operator) + " is not one of "
                    + AlertRule.OPERATORS);
        }
        if (!r.containsKey("open")) {
            throw new IllegalArgumentException(where + ": 'open' is missing");
        }
        double open = threshold(r, "open", where);
        double close = r.containsKey("close") ? threshold(r, "close", where) : open;
        int forSnapshots = r.containsKey("for") ? snapshots(r.get("for"), where) : 1;
        boolean above = operator.startsWith(">");
        if (above ? close > open : close < open) {
            throw new IllegalArgumentException(where + ": 'close' " + close + " would be inside the open range ("
                    + operator + " " + open + ")");
        }
        Set<String> ids = r.containsKey("queues") ? queueIds(r.get("queues"), where) : Set.of();
        QueueNameGlob pattern = null;
        if (r.containsKey("queueName")) {
            String glob = text(r, "queueName", where, false);
            if (glob.length() > QueueNameGlob.MAX_LENGTH) {
                throw new IllegalArgumentException(where + ": 'queueName' is " + glob.length()
                        + " characters, more than " + QueueNameGlob.MAX_LENGTH);
            }
            pattern = QueueNameGlob.of(glob);
        }
        return new AlertRule(name, field, operator, open, close, forSnapshots, ids, pattern);
    }

    /** A non-blank string of at most {@value #MAX_TEXT} characters ({@code bounded}), or any length. */
    private static String text(Map<?, ?> rule, String key, String where, boolean bounded) {
        Object value = rule.get(key);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException(where + ": '" + key + "' must be a non-empty string"
                    + (value == null && !rule.containsKey(key) ? ", and is missing" : ", not " + describe(value)));
        }
        if (bounded && text.length() > MAX_TEXT) {
            throw new IllegalArgumentException(where + ": '" + key + "' is " + text.length()
                    + " characters, more than " + MAX_TEXT);
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(where + ": '" + key + "' contains control characters");
        }
        return text;
    }

    private static double threshold(Map<?, ?> rule, String key, String where) {
        Object value = rule.get(key);
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException(where + ": '" + key + "' must be a number, not " + describe(value));
        }
        double d = number.doubleValue();
        if (!Double.isFinite(d) || d < 0 || d > MAX_THRESHOLD) {
            throw new IllegalArgumentException(where + ": '" + key + "' " + describe(value)
                    + " is not a finite number from 0 to 1e9");
        }
        return d;
    }

    private static int snapshots(Object value, String where) {
        boolean whole = value instanceof Integer || value instanceof Long || value instanceof BigInteger;
        if (!whole || ((Number) value).doubleValue() < 1 || ((Number) value).doubleValue() > MAX_FOR) {
            throw new IllegalArgumentException(where + ": 'for' must be a whole number of snapshots from 1 to "
                    + MAX_FOR + ", not " + describe(value));
        }
        return ((Number) value).intValue();
    }

    private static Set<String> queueIds(Object value, String where) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(where + ": 'queues' must be a list of queue ids (queues: [\"<id>\"]), not "
                    + describe(value));
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException(where + ": 'queues' is empty; leave it out to mean every queue");
        }
        if (list.size() > MAX_QUEUE_IDS) {
            throw new IllegalArgumentException(where + ": 'queues' lists " + list.size() + " ids, more than "
                    + MAX_QUEUE_IDS);
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String id) || id.isBlank() || id.length() > MAX_TEXT
                    || id.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(where + ": 'queues' item " + (i + 1)
                        + " must be a queue id string, not " + describe(list.get(i)));
            }
            ids.add(id);
        }
        return Set.copyOf(ids);
    }
}

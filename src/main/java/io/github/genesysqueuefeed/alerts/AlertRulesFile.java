package io.github.genesysqueuefeed.alerts;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * The alert rules ops edit (default {@code config/alert-rules.yaml}), read again whenever the file's modification
 * time changes, so an edit counts from the next snapshot on, without a restart. A file that is not a valid rules
 * file (YAML that does not parse, a value of the wrong type or out of range, an unknown key, a limit exceeded) is
 * reported in one log line naming the file, the rule and the key, and the previous rules stay in force. No file
 * means no rules.
 *
 * <p>Limits, so that no edit can exhaust the feed: {@value #MAX_FILE_BYTES} bytes, nesting
 * {@value #MAX_DEPTH} deep, {@value #MAX_ALIASES} aliases, {@value #MAX_RULES} rules, thresholds finite from 0 to
 * 1e9, {@code for} a whole number from 1 to {@value #MAX_FOR}, patterns up to {@value QueueNameGlob#MAX_LENGTH}
 * characters. snakeyaml-engine bounds size and aliases itself but not nesting (its composer recurses: 20,000 levels
 * were a StackOverflowError), so the depth is counted on its event stream, which is read without recursion, before
 * anything is composed.
 */
public final class AlertRulesFile {

    private static final Logger LOG = LoggerFactory.getLogger(AlertRulesFile.class);

    static final int MAX_FILE_BYTES = 256 * 1024; // 1,000 rules of 250 bytes; snakeyaml-engine needs seconds for a 1 MiB scalar
    static final int MAX_DEPTH = 10;
    static final int MAX_ALIASES = 50;
    static final int MAX_RULES = 1_000;
    static final int MAX_FOR = 10_000;
    static final double MAX_THRESHOLD = 1e9;
    static final int MAX_QUEUE_IDS = 1_000;
    static final int MAX_TEXT = 200;
    private static final Set<String> KEYS = Set.of("name", "field", "operator", "open", "close", "for", "queues",
            "queueName");

    private final Path path;
    private FileTime loadedVersion;
    private List<AlertRule> rules = List.of();

    public AlertRulesFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** The rules in force, re-read first if the file changed since the last call. */
    public synchronized List<AlertRule> current() {
        FileTime version;
        try {
            version = Files.exists(path) ? Files.getLastModifiedTime(path) : null;
        } catch (IOException e) {
            return rules;
        }
        if (version == null) {
            if (loadedVersion != null) {
                LOG.info("alert rules file {} is gone: no alert rules", path);
            }
            loadedVersion = null;
            rules = List.of();
            return rules;
        }
        if (!version.equals(loadedVersion)) {
            loadedVersion = version;
            try {
                long size = Files.size(path);
                if (size > MAX_FILE_BYTES) {
                    throw new IllegalArgumentException("the file is " + size + " bytes, more than " + MAX_FILE_BYTES);
                }
                rules = parse(Files.readString(path));
                LOG.info("alert rules loaded from {}: {}", path, rules.stream().map(AlertRule::name).toList());
            } catch (IOException | RuntimeException | StackOverflowError e) {
                LOG.error("alert rules file {} rejected, the previous {} rules stay in force: {}", path, rules.size(),
                        firstLine(e));
            }
        }
        return rules;
    }

    /** One line: a YAML error as its problem and position (its message spans several lines with snippets). */
    private static String firstLine(Throwable e) {
        String message;
        if (e instanceof MarkedYamlEngineException yaml && yaml.getProblem() != null) {
            message = "not valid YAML: " + yaml.getProblem()
                    + yaml.getProblemMark().map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1))
                            .orElse("")
                    + (yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")");
        } else if (e.getMessage() == null || e.getMessage().isBlank()) {
            message = e.getClass().getSimpleName();
        } else {
            message = e.getMessage().lines().findFirst().orElse("");
        }
        return message.replaceAll("\\p{Cntrl}", "?");
    }

    static List<AlertRule> parse(String yaml) {
        LoadSettings settings = LoadSettings.builder()
                .setCodePointLimit(MAX_FILE_BYTES)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .build();
        checkDepth(settings, yaml);
        Object root = new Load(settings).loadFromString(yaml);
        if (root == null) {
            return List.of();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("expected a top-level 'rules:' list, found " + describe(root));
        }
        for (Object key : map.keySet()) {
            if (!"rules".equals(key)) {
                throw new IllegalArgumentException("unknown top-level key " + describe(key) + ": only 'rules' is read");
            }
        }
        if (!(map.get("rules") instanceof List<?> list)) {
            throw new IllegalArgumentException("'rules' must be a list of rules, not " + describe(map.get("rules")));
        }
        if (list.size() > MAX_RULES) {
            throw new IllegalArgumentException(list.size() + " rules, more than the limit of " + MAX_RULES);
        }
        List<AlertRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            AlertRule rule = rule(i + 1, list.get(i));
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("rule " + (i + 1) + " ('" + rule.name() + "'): the name is used twice");
            }
            rules.add(rule);
        }
        return List.copyOf(rules);
    }

    /** Nesting depth from the parser's events (no recursion), so that a deep document never reaches the composer. */
    private static void checkDepth(LoadSettings settings, String yaml) {
        int depth = 0;
        for (Event event : new Parse(settings).parseString(yaml)) {
            if (event instanceof CollectionStartEvent && ++depth > MAX_DEPTH) {
                throw new IllegalArgumentException("nested more than " + MAX_DEPTH + " levels deep (line "
                        + event.getStartMark().map(m -> m.getLine() + 1).orElse(0) + ")");
            }
            if (event instanceof CollectionEndEvent) {
                depth--;
            }
        }
    }

    private static AlertRule rule(int index, Object item) {
        if (!(item instanceof Map<?, ?> r)) {
            throw new IllegalArgumentException("rule " + index + ": must be a mapping (name:, field:, ...), not "
                    + describe(item));
        }
        String name = text(r, "name", "rule " + index, true);
        String where = "rule " + index + " ('" + name + "')";
        for (Object key : r.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key " + describe(key) + ", known: "
                        + List.of("name", "field", "operator", "open", "close", "for", "queues", "queueName"));
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

    /**
     * A value for an error message: strings quoted and cut short, collections by their type only (never their
     * toString: an alias can make a list contain itself).
     */
    private static String describe(Object value) {
        if (value == null) {
            return "nothing (null)";
        }
        if (value instanceof String text) {
            String clean = text.replaceAll("\\p{Cntrl}", "?");
            return "a string ('" + (clean.length() <= 60 ? clean : clean.substring(0, 60) + "...") + "')";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof Number || value instanceof Boolean) {
            String text = String.valueOf(value);
            return text.length() <= 60 ? text : text.substring(0, 60) + "...";
        }
        return "a " + value.getClass().getSimpleName();
    }
}

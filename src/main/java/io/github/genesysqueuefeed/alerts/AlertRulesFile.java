package io.github.genesysqueuefeed.alerts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The alert rules ops edit (default {@code config/alert-rules.yaml}), read again whenever the file's modification
 * time changes, so an edit counts from the next snapshot on, without a restart. A file that does not parse is
 * reported in one log line and the previous rules stay in force. No file means no rules.
 */
public final class AlertRulesFile {

    private static final Logger LOG = LoggerFactory.getLogger(AlertRulesFile.class);

    private final Path path;
    private FileTime loadedVersion;
    private List<AlertRule> rules = List.of();

    public AlertRulesFile(Path path) {
        this.path = path;
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
                rules = parse(Files.readString(path));
                LOG.info("alert rules loaded from {}: {}", path, rules.stream().map(AlertRule::name).toList());
            } catch (IOException | RuntimeException e) {
                LOG.error("alert rules file {} rejected, the previous {} rules stay in force: {}", path, rules.size(),
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return rules;
    }

    @SuppressWarnings("unchecked")
    static List<AlertRule> parse(String yaml) {
        Object root = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        if (root == null) {
            return List.of();
        }
        if (!(root instanceof Map<?, ?> map) || !(map.get("rules") instanceof List<?> list)) {
            throw new IllegalArgumentException("expected a top-level 'rules:' list");
        }
        List<AlertRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Object item : list) {
            Map<String, Object> r = (Map<String, Object>) item;
            String name = required(r, "name");
            if (!names.add(name)) {
                throw new IllegalArgumentException("rule '" + name + "' is defined twice");
            }
            String field = required(r, "field");
            if (!AlertRule.FIELDS.contains(field)) {
                throw new IllegalArgumentException("rule '" + name + "': field '" + field + "' is not one of " + AlertRule.FIELDS);
            }
            String operator = String.valueOf(r.getOrDefault("operator", ">"));
            if (!AlertRule.OPERATORS.contains(operator)) {
                throw new IllegalArgumentException("rule '" + name + "': operator '" + operator + "' is not one of " + AlertRule.OPERATORS);
            }
            double open = number(r, "open", name);
            double close = r.containsKey("close") ? number(r, "close", name) : open;
            int forSnapshots = r.containsKey("for") ? (int) number(r, "for", name) : 1;
            if (forSnapshots < 1) {
                throw new IllegalArgumentException("rule '" + name + "': for must be at least 1");
            }
            boolean above = operator.startsWith(">");
            if (above ? close > open : close < open) {
                throw new IllegalArgumentException("rule '" + name + "': close " + close + " would be inside the open range");
            }
            Set<String> ids = new LinkedHashSet<>();
            if (r.get("queues") instanceof List<?> queues) {
                queues.forEach(q -> ids.add(String.valueOf(q)));
            }
            Pattern pattern = r.get("queueName") == null ? null : glob(String.valueOf(r.get("queueName")));
            rules.add(new AlertRule(name, field, operator, open, close, forSnapshots, Set.copyOf(ids), pattern));
        }
        return List.copyOf(rules);
    }

    private static String required(Map<String, Object> rule, String key) {
        Object value = rule.get(key);
        if (value == null || String.valueOf(value).isBlank()) {
            throw new IllegalArgumentException("a rule is missing '" + key + "': " + rule);
        }
        return String.valueOf(value);
    }

    private static double number(Map<String, Object> rule, String key, String name) {
        Object value = rule.get(key);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("rule '" + name + "': '" + key + "' must be a number, not " + value);
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }
}

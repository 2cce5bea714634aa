package io.github.genesysqueuefeed.alerts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert rules ops edit (default {@code config/alert-rules.yaml}), read again whenever the file's modification
 * time changes, so an edit counts from the next snapshot on, without a restart. A file that is not a valid rules
 * file (YAML that does not parse, a value of the wrong type or out of range, an unknown key, a limit exceeded) is
 * reported in one log line naming the file, the rule and the key, and the previous rules stay in force. No file
 * means no rules.
 *
 * <p>Limits, so that no edit can exhaust the feed: {@value #MAX_FILE_BYTES} bytes, nesting
 * {@value #MAX_DEPTH} deep, {@value #MAX_ALIASES} aliases, {@value #MAX_RULES} rules, thresholds finite from 0 to
 * 1e9, {@code for} a whole number from 1 to {@value AlertRuleReader#MAX_FOR}, patterns up to
 * {@value QueueNameGlob#MAX_LENGTH} characters. Reading within those limits is {@link BoundedYaml}'s job, checking one
 * rule {@link AlertRuleReader}'s; this class re-reads the file when it changes and checks the list of rules.
 */
public final class AlertRulesFile {

    private static final Logger LOG = LoggerFactory.getLogger(AlertRulesFile.class);

    static final int MAX_FILE_BYTES = 256 * 1024; // 1,000 rules of 250 bytes; snakeyaml-engine needs seconds for a 1 MiB scalar
    static final int MAX_DEPTH = 10;
    static final int MAX_ALIASES = 50;
    static final int MAX_RULES = 1_000;
    private static final BoundedYaml YAML = new BoundedYaml(MAX_FILE_BYTES, MAX_DEPTH, MAX_ALIASES);

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
                        BoundedYaml.firstLine(e));
            }
        }
        return rules;
    }

    /** The rules of a file's text; a problem throws an exception whose first line names the rule and the key. */
    static List<AlertRule> parse(String yaml) {
        Object root = YAML.load(yaml);
        if (root == null) {
            return List.of();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("expected a top-level 'rules:' list, found " + BoundedYaml.describe(root));
        }
        for (Object key : map.keySet()) {
            if (!"rules".equals(key)) {
                throw new IllegalArgumentException("unknown top-level key " + BoundedYaml.describe(key) + ": only 'rules' is read");
            }
        }
        if (!(map.get("rules") instanceof List<?> list)) {
            throw new IllegalArgumentException("'rules' must be a list of rules, not "
                    + BoundedYaml.describe(map.get("rules")));
        }
        if (list.size() > MAX_RULES) {
            throw new IllegalArgumentException(list.size() + " rules, more than the limit of " + MAX_RULES);
        }
        List<AlertRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            AlertRule rule = AlertRuleReader.rule(i + 1, list.get(i));
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("rule " + (i + 1) + " ('" + rule.name() + "'): the name is used twice");
            }
            rules.add(rule);
        }
        return List.copyOf(rules);
    }
}

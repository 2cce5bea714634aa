package io.github.genesysqueuefeed.alerts;

import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Reads a YAML document within limits, so that no edit can exhaust the feed: a size in code points, a number of
 * aliases, a nesting depth, and no duplicate or recursive keys. snakeyaml-engine bounds size and aliases itself but
 * not nesting (its composer recurses: 20,000 levels were a StackOverflowError), so the depth is counted on its event
 * stream, which is read without recursion, before anything is composed.
 */
final class BoundedYaml {

    private final LoadSettings settings;
    private final int maxDepth;

    BoundedYaml(int maxCodePoints, int maxDepth, int maxAliases) {
        this.settings = LoadSettings.builder()
                .setCodePointLimit(maxCodePoints)
                .setMaxAliasesForCollections(maxAliases)
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .build();
        this.maxDepth = maxDepth;
    }

    /** The document's value (maps, lists, scalars; null for an empty document). */
    Object load(String yaml) {
        checkDepth(yaml);
        return new Load(settings).loadFromString(yaml);
    }

    /** Nesting depth from the parser's events (no recursion), so that a deep document never reaches the composer. */
    private void checkDepth(String yaml) {
        int depth = 0;
        for (Event event : new Parse(settings).parseString(yaml)) {
            if (event instanceof CollectionStartEvent && ++depth > maxDepth) {
                throw new IllegalArgumentException("nested more than " + maxDepth + " levels deep (line "
                        + event.getStartMark().map(m -> m.getLine() + 1).orElse(0) + ")");
            }
            if (event instanceof CollectionEndEvent) {
                depth--;
            }
        }
    }

    /** One line: a YAML error as its problem and position (its message spans several lines with snippets). */
    static String firstLine(Throwable e) {
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

    /**
     * A value for an error message: strings quoted and cut short, collections by their type only (never their
     * toString: an alias can make a list contain itself).
     */
    static String describe(Object value) {
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

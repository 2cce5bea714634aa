package io.github.genesysqueuefeed.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Marker;

/**
 * Log levels per logger from {@code LOG_LEVEL_<LOGGER>} environment variables or -D properties, for any logger:
 * {@code LOG_LEVEL_ORG_APACHE_KAFKA_CLIENTS_NETWORKCLIENT=error} sets {@code org.apache.kafka.clients.NetworkClient}.
 * A variable name cannot spell a logger name (case, dots, dashes, underscores), so instead of guessing a logger
 * name and setting it on the LoggerContext, each logger's name is spelled the variable's way (upper case, every
 * other character an underscore) and the longest matching variable decides its level. So case never matters and
 * loggers whose names hold underscores or dashes are addressed too; the price is that a variable can also match a
 * logger whose name differs only in punctuation. -D properties win over environment variables. {@code LOG_LEVEL}
 * (the root level) stays in logback.xml.
 *
 * <p>The HTTP wire and header loggers ({@link #NEVER_LOGGED}) print Authorization values, so this filter denies them
 * whatever a variable says, even {@code LOG_LEVEL=trace}: logback.xml sets them OFF, and a turbo filter's answer
 * comes before a logger's level.
 */
public final class LevelsFromEnvironment extends TurboFilter {

    static final String PREFIX = "LOG_LEVEL_";

    /** Loggers that print request and response headers (Authorization: Basic / Bearer) or bodies. */
    public static final List<String> NEVER_LOGGED = List.of("org.apache.hc.client5.http.wire",
            "org.apache.hc.client5.http.headers", "org.apache.http.wire", "org.apache.http.headers",
            "jdk.internal.httpclient.debug", "httpclient.wire");

    private static final Level NOT_SET = Level.ALL; // a sentinel: ConcurrentHashMap holds no nulls

    private final Map<String, Level> rules = new HashMap<>();
    private final List<String> ruleNames = new ArrayList<>();
    private final Map<String, Level> byLogger = new ConcurrentHashMap<>();

    @Override
    public void start() {
        Map<String, String> variables = new HashMap<>();
        System.getenv().forEach((name, value) -> variables.put(name.toUpperCase(Locale.ROOT), value));
        System.getProperties().stringPropertyNames().forEach(name ->
                variables.put(name.toUpperCase(Locale.ROOT), System.getProperty(name)));
        useRules(parse(variables, this::addError)); // shown at start-up (logback.xml prints errors only)
        super.start();
    }

    /** Logger names spelled as variables (without the prefix) -> their level. */
    void useRules(Map<String, Level> parsed) {
        rules.clear();
        rules.putAll(parsed);
        ruleNames.clear();
        ruleNames.addAll(rules.keySet());
        ruleNames.sort(Comparator.comparingInt(String::length).reversed()); // the most specific first
        byLogger.clear();
    }

    /** {@code LOG_LEVEL_<NAME>} entries of {@code variables}: NAME (upper case) -> level; bad levels reported. */
    static Map<String, Level> parse(Map<String, String> variables, java.util.function.Consumer<String> warn) {
        Map<String, Level> parsed = new HashMap<>();
        variables.forEach((name, value) -> {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length() && value != null) {
                Level level = Level.toLevel(value.trim(), null);
                if (level == null) {
                    warn.accept(name + "=" + value.trim() + " is not a log level (trace, debug, info, warn, error, off)");
                } else {
                    parsed.put(name.substring(PREFIX.length()), level == Level.ALL ? Level.TRACE : level);
                }
            }
        });
        return parsed;
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (!isStarted() || logger == null) {
            return FilterReply.NEUTRAL;
        }
        Level threshold = byLogger.computeIfAbsent(logger.getName(), this::levelOf);
        if (threshold == NOT_SET) {
            return FilterReply.NEUTRAL;
        }
        return level.isGreaterOrEqual(threshold) ? FilterReply.ACCEPT : FilterReply.DENY;
    }

    /** The level a variable (or the never-logged list) gives {@code loggerName}, or {@link #NOT_SET}. */
    Level levelOf(String loggerName) {
        for (String never : NEVER_LOGGED) {
            if (loggerName.equals(never) || loggerName.startsWith(never + ".")) {
                return Level.OFF;
            }
        }
        String spelled = spelledAsVariable(loggerName);
        for (String rule : ruleNames) {
            if (spelled.equals(rule) || spelled.startsWith(rule + "_")) {
                return rules.get(rule);
            }
        }
        return NOT_SET;
    }

    /** org.apache.kafka.clients.NetworkClient -> ORG_APACHE_KAFKA_CLIENTS_NETWORKCLIENT. */
    static String spelledAsVariable(String loggerName) {
        StringBuilder out = new StringBuilder(loggerName.length());
        for (int i = 0; i < loggerName.length(); i++) {
            char c = loggerName.charAt(i);
            out.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return out.toString();
    }
}

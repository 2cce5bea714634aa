package io.github.genesysqueuefeed.logging;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.Locale;

/**
 * Which appender of logback.xml writes the log: {@code JSON} when {@code LOG_FORMAT} (-D property first, then the
 * environment variable) says {@code json}, {@code PLAIN} otherwise. A {@code <define>} rather than logback's
 * {@code <if>} (which needs janino) or {@code <appender-ref ref="${LOG_FORMAT}">} (a typo would leave the feed
 * with no log at all): an unknown value falls back to plain text and says so.
 */
public final class LogFormat extends PropertyDefinerBase {

    public static final String VARIABLE = "LOG_FORMAT";

    @Override
    public String getPropertyValue() {
        String value = System.getProperty(VARIABLE, System.getenv(VARIABLE));
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("plain")
                || value.trim().equalsIgnoreCase("text")) {
            return "PLAIN";
        }
        if (value.trim().equalsIgnoreCase("json")) {
            return "JSON";
        }
        System.err.println("genesys-queue-feed: LOG_FORMAT=" + value.trim().replaceAll("[^\\w.-]", "?")
                + " is neither plain nor json; logging plain text");
        return "PLAIN";
    }
}

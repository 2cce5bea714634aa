package io.github.genesysqueuefeed.support;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Runs part of a test under other logging variables ({@code LOG_FORMAT=json}, {@code LOG_LEVEL=debug},
 * {@code LOG_LEVEL_<LOGGER>}): sets them as system properties (which logback.xml reads before the environment) and
 * configures logback again from the shipped logback.xml, exactly as a process started with them would be; closing
 * restores the properties and the configuration.
 *
 * <pre>
 * try (LogSettings json = LogSettings.use(Map.of("LOG_FORMAT", "json")); LogCapture log = LogCapture.start()) { ... }
 * </pre>
 */
public final class LogSettings implements AutoCloseable {

    private final Map<String, String> previous = new HashMap<>();

    private LogSettings(Map<String, String> variables) {
        variables.forEach((name, value) -> {
            previous.put(name, System.getProperty(name));
            System.setProperty(name, value);
        });
        reconfigure();
    }

    public static LogSettings use(Map<String, String> variables) {
        return new LogSettings(variables);
    }

    @Override
    public void close() {
        previous.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
        reconfigure();
    }

    private static void reconfigure() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(LogSettings.class.getResource("/logback.xml"));
        } catch (JoranException e) {
            throw new IllegalStateException("logback.xml does not configure", e);
        }
    }
}

package io.github.genesysqueuefeed.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which level a LOG_LEVEL_* variable gives which logger. */
class LevelsFromEnvironmentTest {

    @Test
    void variablesAreLoggerNamesSpelledUpperCaseWithUnderscores() {
        assertEquals("ORG_APACHE_KAFKA_CLIENTS_NETWORKCLIENT",
                LevelsFromEnvironment.spelledAsVariable("org.apache.kafka.clients.NetworkClient"));
        assertEquals("COM_EXAMPLE_MY_LIB_THING_1", LevelsFromEnvironment.spelledAsVariable("com.example.my_lib.thing-1"));
    }

    @Test
    void theLongestMatchingVariableDecidesAndCaseDoesNotMatter() {
        List<String> warnings = new ArrayList<>();
        Map<String, Level> rules = LevelsFromEnvironment.parse(Map.of(
                "LOG_LEVEL_ORG_APACHE_KAFKA", "debug",
                "LOG_LEVEL_ORG_APACHE_KAFKA_CLIENTS_NETWORKCLIENT", "ERROR",
                "LOG_LEVEL_COM_EXAMPLE_MY_LIB", "trace",
                "LOG_LEVEL_ORG_APACHE_HC_CLIENT5_HTTP_WIRE", "debug",
                "LOG_LEVEL_BROKEN", "loud",
                "LOG_LEVEL", "info",
                "PATH", "/bin"), warnings::add);
        assertEquals(4, rules.size(), rules.toString());
        assertEquals(List.of("LOG_LEVEL_BROKEN=loud is not a log level (trace, debug, info, warn, error, off)"), warnings);

        LevelsFromEnvironment levels = withRules(rules);
        assertEquals(Level.ERROR, levels.levelOf("org.apache.kafka.clients.NetworkClient"));
        assertEquals(Level.DEBUG, levels.levelOf("org.apache.kafka.clients.producer.KafkaProducer"));
        assertEquals(Level.DEBUG, levels.levelOf("org.apache.kafka"));
        assertEquals(Level.TRACE, levels.levelOf("com.example.my_lib.Thing"), "underscores in logger names work");
        assertEquals(Level.ALL, levels.levelOf("org.apache.kafkaesque"), "not set: a name, not a prefix of a word");
    }

    @Test
    void wireAndHeaderLoggersStayOffWhateverAVariableSays() {
        LevelsFromEnvironment levels = withRules(Map.of("ORG_APACHE_HC_CLIENT5_HTTP_WIRE", Level.DEBUG,
                "ORG_APACHE_HC", Level.TRACE));
        assertEquals(Level.OFF, levels.levelOf("org.apache.hc.client5.http.wire"));
        assertEquals(Level.OFF, levels.levelOf("org.apache.hc.client5.http.headers"));
        assertEquals(Level.TRACE, levels.levelOf("org.apache.hc.client5.http.impl.classic.InternalHttpClient"));
        assertTrue(LevelsFromEnvironment.NEVER_LOGGED.contains("jdk.internal.httpclient.debug"));
    }

    private static LevelsFromEnvironment withRules(Map<String, Level> rules) {
        LevelsFromEnvironment filter = new LevelsFromEnvironment();
        filter.useRules(rules);
        return filter;
    }
}

package io.github.genesysqueuefeed.config;

import static io.github.genesysqueuefeed.config.FeedKeys.SASL_JAAS_CONFIG;
import static io.github.genesysqueuefeed.config.FeedKeys.SASL_MECHANISM;
import static io.github.genesysqueuefeed.config.FeedKeys.SASL_PASSWORD;
import static io.github.genesysqueuefeed.config.FeedKeys.SASL_USERNAME;

import java.util.Optional;

/**
 * The JAAS line the producer logs in with, from {@code kafka.sasl.jaas-config} or built from username and password
 * for PLAIN and SCRAM, so ops never write JAAS syntax (and its quoting) for the common case. Kafka has no builder
 * for it: its clients only parse the line.
 */
final class JaasLine {

    private static final String MECHANISM = SASL_MECHANISM.name();
    private static final String USERNAME = SASL_USERNAME.name();
    private static final String PASSWORD = SASL_PASSWORD.name();
    private static final String JAAS_CONFIG = SASL_JAAS_CONFIG.name();

    private JaasLine() {
    }

    /** The JAAS line: kafka.sasl.jaas-config as given, or built from username and password. */
    static String of(String mechanism, Optional<String> username, Optional<String> password,
                               Optional<String> jaas) {
        if (jaas.isPresent()) {
            if (username.isPresent() || password.isPresent()) {
                throw new ConfigException(username.isPresent() ? USERNAME : PASSWORD, "is set together with "
                        + JAAS_CONFIG + ": set either the username and password or the whole JAAS line",
                        USERNAME + "=feed and " + ConfigSource.envName(PASSWORD) + "=<password>");
            }
            return jaas.get();
        }
        String module = switch (mechanism) {
            case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule";
            case "SCRAM-SHA-256", "SCRAM-SHA-512" -> "org.apache.kafka.common.security.scram.ScramLoginModule";
            case "OAUTHBEARER" -> {
                if (username.isPresent() || password.isPresent()) {
                    throw new ConfigException(username.isPresent() ? USERNAME : PASSWORD, "is not used with "
                            + MECHANISM + "=OAUTHBEARER: put the client id and secret in " + JAAS_CONFIG,
                            JAAS_CONFIG + "=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule "
                                    + "required clientId=\"...\" clientSecret=\"...\";");
                }
                yield null;
            }
            default -> throw new ConfigException(JAAS_CONFIG, "is missing: " + MECHANISM + "=" + mechanism
                    + " needs the whole JAAS line", JAAS_CONFIG + "=software.amazon.msk.auth.iam.IAMLoginModule required;");
        };
        if (module == null) {
            // the login callback handler (kafka.producer.properties.sasl.login.callback.handler.class) does the rest
            return "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;";
        }
        if (username.isEmpty() || password.isEmpty()) {
            String missing = username.isEmpty() ? USERNAME : PASSWORD;
            throw new ConfigException(missing, "is missing: " + MECHANISM + "=" + mechanism + " needs "
                    + USERNAME + " and " + PASSWORD + " (or the whole " + JAAS_CONFIG + ")",
                    missing.equals(USERNAME) ? USERNAME + "=feed" : ConfigSource.envName(PASSWORD) + "=<password>");
        }
        return module + " required username=" + quoted(username.get()) + " password=" + quoted(password.get()) + ";";
    }

    /** A JAAS option value: Kafka's parser reads quoted strings with backslash escapes. */
    static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

package io.github.genesysqueuefeed.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Every configuration value the feed sees, resolved once in a fixed order: the defaults in
 * {@code application.properties}, then environment variables ({@code genesys.client-id} ->
 * {@code GENESYS_CLIENT_ID}) for every key of that file or of {@link FeedKeys} (per-org keys and pass-through
 * producer properties by their patterns), then {@code -D} system properties, then explicit overrides (tests, the demo).
 * The same map is handed to Camel, so route placeholders such as {@code {{kafka.brokers}}} and the
 * validated {@link FeedConfig} can never disagree.
 */
public final class ConfigSource {

    private final Map<String, String> values;

    private ConfigSource(Map<String, String> values) {
        this.values = values;
    }

    public static ConfigSource fromEnvironment(Map<String, String> overrides) {
        return resolve(classpathDefaults(), System.getenv(), System.getProperties(), overrides);
    }

    public static ConfigSource resolve(Map<String, String> defaults, Map<String, String> env,
                                       Properties systemProperties, Map<String, String> overrides) {
        Map<String, String> resolved = new TreeMap<>(defaults);
        java.util.Set<String> known = new java.util.TreeSet<>(defaults.keySet());
        FeedKeys.all().stream().filter(key -> !key.isPattern()).forEach(key -> known.add(key.name()));
        for (String key : known) {
            // our rule (dashes -> underscores), else Camel's own for camel.* keys (dashes dropped)
            String fromEnv = env.getOrDefault(envName(key), env.get(camelEnvName(key)));
            if (fromEnv != null) {
                resolved.put(key, fromEnv);
            }
        }
        // Keys that have no default (per-org keys such as genesys.orgs.east.client-id) can come from the
        // environment too: GENESYS_ORGS lists the aliases, and each alias' keys are then looked up by name.
        String orgs = firstNonNull(overrides.get(OrgKeys.ORGS), systemProperties.getProperty(OrgKeys.ORGS),
                env.get(envName(OrgKeys.ORGS)), resolved.get(OrgKeys.ORGS));
        if (orgs != null) {
            for (String alias : OrgKeys.aliases(orgs)) {
                for (String suffix : FeedKeys.perOrgSuffixes()) {
                    String key = OrgKeys.key(alias, suffix);
                    String fromEnv = env.get(envName(key));
                    if (fromEnv != null) {
                        resolved.put(key, fromEnv);
                    }
                }
            }
        }
        // conventional variables some keys fall back to under their own names (HTTPS_PROXY, NO_PROXY)
        FeedKeys.all().stream().flatMap(key -> key.variables().stream()).filter(env::containsKey)
                .forEach(name -> resolved.put(name, env.get(name)));
        // Producer properties passed through have no defaults to look up by name: the prefix maps them,
        // KAFKA_PRODUCER_PROPERTIES_SASL_CLIENT_CALLBACK_HANDLER_CLASS -> kafka.producer.properties.sasl.client.callback.handler.class
        for (Map.Entry<String, String> variable : env.entrySet()) {
            if (variable.getKey().startsWith(PRODUCER_PROPERTIES_ENV)
                    && variable.getKey().length() > PRODUCER_PROPERTIES_ENV.length()) {
                resolved.put(producerPropertyKey(variable.getKey()), variable.getValue());
            }
        }
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith("genesys.") || name.startsWith("kafka.") || name.startsWith("feed.")
                    || known.contains(name)) {
                resolved.put(name, systemProperties.getProperty(name));
            }
        }
        resolved.putAll(overrides);
        return new ConfigSource(Map.copyOf(resolved));
    }

    private static final String PRODUCER_PROPERTIES_ENV = envName(KafkaSecurityKeys.PRODUCER_PROPERTIES);

    /** KAFKA_PRODUCER_PROPERTIES_LINGER_MS -> kafka.producer.properties.linger.ms (Kafka's keys have no underscores). */
    static String producerPropertyKey(String variable) {
        return KafkaSecurityKeys.PRODUCER_PROPERTIES
                + variable.substring(PRODUCER_PROPERTIES_ENV.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** The environment variable that overrides a key: upper case, dots and dashes become underscores. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Camel's spelling of the same variable: camel.main.routes-include-pattern -> CAMEL_MAIN_ROUTESINCLUDEPATTERN. */
    static String camelEnvName(String key) {
        return key.toUpperCase(Locale.ROOT).replace("-", "").replace('.', '_');
    }

    public Optional<String> get(String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String getOrDefault(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public Map<String, String> asMap() {
        return values;
    }

    private static Map<String, String> classpathDefaults() {
        Properties properties = new Properties();
        try (InputStream in = ConfigSource.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read application.properties", e);
        }
        Map<String, String> map = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return map;
    }

    private static String firstNonNull(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }
}

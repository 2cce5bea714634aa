package io.github.genesysqueuefeed.config;

import static io.github.genesysqueuefeed.config.FeedKeys.*;

import io.github.genesysqueuefeed.secrets.Secret;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads and cross-checks the secured-Kafka keys ({@code kafka.security.protocol}, {@code kafka.sasl.*},
 * {@code kafka.ssl.*}, {@code kafka.producer.properties.*}) into a {@link KafkaSecurityConfig}. A combination the
 * producer would only reject at the first send (or silently ignore, such as a password with PLAINTEXT) stops
 * start-up here, in one line naming the key. Kafka's own ConfigDef checks single values but knows nothing of our
 * keys, so it could not name them.
 * Why this is long: one explicit rule per cross-key combination the producer would only reject at the first send.
 */
public final class KafkaSecurityKeys {

    /** {@code kafka.producer.properties.<kafka-key>=value} reaches the producer as {@code <kafka-key>=value}. */
    public static final String PRODUCER_PROPERTIES = "kafka.producer.properties.";
    private static final String PROTOCOL = SECURITY_PROTOCOL.name();
    private static final String MECHANISM = SASL_MECHANISM.name();
    private static final String USERNAME = SASL_USERNAME.name();
    private static final String PASSWORD = SASL_PASSWORD.name();
    private static final String JAAS_CONFIG = SASL_JAAS_CONFIG.name();

    private final ConfigSource source;
    private final ConfigReader read;

    private KafkaSecurityKeys(ConfigSource source) {
        this.source = source;
        this.read = new ConfigReader(source);
    }

    public static KafkaSecurityConfig load(ConfigSource source) {
        return new KafkaSecurityKeys(source).load();
    }

    private KafkaSecurityConfig load() {
        String protocol = read.oneOf(SECURITY_PROTOCOL).orElseThrow();
        boolean sasl = protocol.startsWith("SASL_");
        boolean tls = protocol.endsWith("SSL");

        Optional<String> username = source.get(USERNAME);
        Optional<String> password = source.get(PASSWORD);
        Optional<String> jaas = source.get(JAAS_CONFIG);
        String mechanism = null;
        Secret jaasConfig = null;
        if (!sasl) {
            for (String key : List.of(MECHANISM, USERNAME, PASSWORD, JAAS_CONFIG)) {
                if (source.get(key).isPresent()) {
                    throw new ConfigException(key, "is set but " + PROTOCOL + " is " + protocol
                            + ", which does not use SASL", PROTOCOL + "=SASL_SSL");
                }
            }
        } else {
            mechanism = read.oneOf(SASL_MECHANISM).orElseThrow(() -> new ConfigException(MECHANISM,
                    "is missing: " + PROTOCOL + "=" + protocol + " needs one of "
                            + String.join(", ", SASL_MECHANISM.allowed()), MECHANISM + "=" + SASL_MECHANISM.example()));
            jaasConfig = new Secret(JaasLine.of(mechanism, username, password, jaas));
        }

        String truststore = location(TRUSTSTORE_LOCATION, TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE, tls);
        String truststoreType = storeType(TRUSTSTORE_TYPE, truststore);
        Secret truststorePassword = secret(TRUSTSTORE_PASSWORD);
        if (truststorePassword != null && "PEM".equals(truststoreType)) {
            throw new ConfigException(TRUSTSTORE_PASSWORD.name(), "must be empty for a PEM truststore (certificates "
                    + "are not encrypted)", TRUSTSTORE_PASSWORD.name() + "=");
        }
        String keystore = location(KEYSTORE_LOCATION, KEYSTORE_PASSWORD, KEYSTORE_TYPE, tls);
        if (keystore == null && source.get(KEY_PASSWORD.name()).isPresent()) {
            throw new ConfigException(KEY_PASSWORD.name(), "is set but " + KEYSTORE_LOCATION.name() + " is not",
                    KEYSTORE_LOCATION.name() + "=" + KEYSTORE_LOCATION.example());
        }
        String keystoreType = storeType(KEYSTORE_TYPE, keystore);
        Secret keystorePassword = secret(KEYSTORE_PASSWORD);
        if (keystore != null && keystorePassword == null && !"PEM".equals(keystoreType)) {
            throw new ConfigException(KEYSTORE_PASSWORD.name(), "is missing: a " + keystoreType + " keystore needs "
                    + "its password", ConfigSource.envName(KEYSTORE_PASSWORD.name()) + "=<the keystore's password>");
        }
        return new KafkaSecurityConfig(protocol, mechanism, sasl && jaas.isEmpty() ? username.orElse(null) : null,
                jaasConfig, truststore, truststorePassword, truststore == null ? null : truststoreType, keystore,
                keystorePassword, keystore == null ? null : keystoreType, secret(KEY_PASSWORD), producerProperties());
    }

    /** A store file that exists and is readable, or null; a password or type without a location is an error. */
    private String location(ConfigKey locationKey, ConfigKey passwordKey, ConfigKey typeKey, boolean tls) {
        Optional<String> location = source.get(locationKey.name());
        if (location.isEmpty()) {
            for (ConfigKey key : List.of(passwordKey, typeKey)) {
                if (source.get(key.name()).isPresent()) {
                    throw new ConfigException(key.name(), "is set but " + locationKey.name() + " is not",
                            locationKey.name() + "=" + locationKey.example());
                }
            }
            return null;
        }
        if (!tls) {
            throw new ConfigException(locationKey.name(), "is set but " + PROTOCOL + " does not use TLS",
                    PROTOCOL + "=SASL_SSL (or SSL)");
        }
        Path path = Path.of(location.get());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigException(locationKey.name(), "'" + location.get() + "' is not a readable file",
                    locationKey.name() + "=" + locationKey.example());
        }
        return location.get();
    }

    /** The store's type as given, else from the file name: .pem/.crt PEM, .p12/.pfx PKCS12, anything else JKS. */
    private String storeType(ConfigKey key, String location) {
        if (source.get(key.name()).isPresent()) {
            return read.oneOf(key).orElseThrow();
        }
        String name = location == null ? "" : location.toLowerCase(Locale.ROOT);
        if (name.endsWith(".pem") || name.endsWith(".crt")) {
            return "PEM";
        }
        return name.endsWith(".p12") || name.endsWith(".pfx") ? "PKCS12" : "JKS";
    }

    private Secret secret(ConfigKey key) {
        return source.get(key.name()).map(Secret::new).orElse(null);
    }

    private Map<String, String> producerProperties() {
        Map<String, String> owned = FeedKeys.ownedProducerProperties();
        Map<String, String> properties = new TreeMap<>();
        for (Map.Entry<String, String> entry : source.asMap().entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(PRODUCER_PROPERTIES) || entry.getValue() == null || entry.getValue().isBlank()) {
                continue;
            }
            String kafkaKey = key.substring(PRODUCER_PROPERTIES.length());
            if (owned.containsKey(kafkaKey)) {
                throw new ConfigException(key, "is set by " + owned.get(kafkaKey) + ": use that key",
                        owned.get(kafkaKey) + "=...");
            }
            if (kafkaKey.isEmpty()) {
                throw new ConfigException(key, "names no producer property", PRODUCER_PROPERTIES + "client.dns.lookup=use_all_dns_ips");
            }
            properties.put(kafkaKey, entry.getValue().trim());
        }
        return Map.copyOf(properties);
    }
}

package io.github.genesysqueuefeed.config;

import io.github.genesysqueuefeed.secrets.Masking;
import io.github.genesysqueuefeed.secrets.Secret;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and cross-checks the secured-Kafka keys ({@code kafka.security.protocol}, {@code kafka.sasl.*},
 * {@code kafka.ssl.*}, {@code kafka.producer.properties.*}) into a {@link KafkaSecurityConfig}. A combination the
 * producer would only reject at the first send (or silently ignore, such as a password with PLAINTEXT) stops
 * start-up here, in one line naming the key. Kafka's own ConfigDef checks single values but knows nothing of our
 * keys, so it could not name them.
 */
public final class KafkaSecurityKeys {

    public static final String PROTOCOL = "kafka.security.protocol";
    public static final String MECHANISM = "kafka.sasl.mechanism";
    public static final String USERNAME = "kafka.sasl.username";
    public static final String PASSWORD = "kafka.sasl.password";
    public static final String JAAS_CONFIG = "kafka.sasl.jaas-config";
    public static final String TRUSTSTORE_LOCATION = "kafka.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "kafka.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "kafka.ssl.truststore.type";
    public static final String KEYSTORE_LOCATION = "kafka.ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD = "kafka.ssl.keystore.password";
    public static final String KEYSTORE_TYPE = "kafka.ssl.keystore.type";
    public static final String KEY_PASSWORD = "kafka.ssl.key.password";
    /** {@code kafka.producer.properties.<kafka-key>=value} reaches the producer as {@code <kafka-key>=value}. */
    public static final String PRODUCER_PROPERTIES = "kafka.producer.properties.";

    static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    /** The four the issue names, plus the two that real deployments use with their own JAAS line (MSK IAM, Kerberos). */
    static final List<String> MECHANISMS =
            List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER", "AWS_MSK_IAM", "GSSAPI");
    static final List<String> STORE_TYPES = List.of("JKS", "PKCS12", "PEM");

    /** Producer properties our own keys set: passing them through too would make two sources disagree. */
    private static final Map<String, String> OWNED = Map.ofEntries(
            Map.entry("bootstrap.servers", "kafka.brokers"),
            Map.entry("security.protocol", PROTOCOL),
            Map.entry("sasl.mechanism", MECHANISM),
            Map.entry("sasl.jaas.config", JAAS_CONFIG),
            Map.entry("ssl.truststore.location", TRUSTSTORE_LOCATION),
            Map.entry("ssl.truststore.password", TRUSTSTORE_PASSWORD),
            Map.entry("ssl.truststore.type", TRUSTSTORE_TYPE),
            Map.entry("ssl.keystore.location", KEYSTORE_LOCATION),
            Map.entry("ssl.keystore.password", KEYSTORE_PASSWORD),
            Map.entry("ssl.keystore.type", KEYSTORE_TYPE),
            Map.entry("ssl.key.password", KEY_PASSWORD),
            Map.entry("delivery.timeout.ms", "kafka.producer.delivery-timeout-ms"),
            Map.entry("buffer.memory", "kafka.producer.buffer-memory"),
            Map.entry("max.block.ms", "kafka.producer.max-block-ms"));

    private final ConfigSource source;

    private KafkaSecurityKeys(ConfigSource source) {
        this.source = source;
    }

    public static KafkaSecurityConfig load(ConfigSource source) {
        return new KafkaSecurityKeys(source).load();
    }

    private KafkaSecurityConfig load() {
        String protocol = oneOf(PROTOCOL, source.getOrDefault(PROTOCOL, "PLAINTEXT"), PROTOCOLS, "SASL_SSL");
        boolean sasl = protocol.startsWith("SASL_");
        boolean tls = protocol.endsWith("SSL");

        Optional<String> mechanismText = source.get(MECHANISM);
        Optional<String> username = source.get(USERNAME);
        Optional<String> password = source.get(PASSWORD);
        Optional<String> jaas = source.get(JAAS_CONFIG);
        // secrets are masked from the moment they are read, even if a check below stops start-up
        password.ifPresent(Masking::register);
        jaas.ifPresent(Masking::register);
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
            mechanism = oneOf(MECHANISM, mechanismText.orElseThrow(() -> new ConfigException(MECHANISM,
                    "is missing: " + PROTOCOL + "=" + protocol + " needs one of " + String.join(", ", MECHANISMS),
                    MECHANISM + "=SCRAM-SHA-512")), MECHANISMS, "SCRAM-SHA-512");
            jaasConfig = new Secret(jaas(mechanism, username, password, jaas));
        }

        String truststore = location(TRUSTSTORE_LOCATION, TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE, tls);
        String truststoreType = storeType(TRUSTSTORE_TYPE, truststore);
        Secret truststorePassword = secret(TRUSTSTORE_PASSWORD);
        if (truststorePassword != null && "PEM".equals(truststoreType)) {
            throw new ConfigException(TRUSTSTORE_PASSWORD, "must be empty for a PEM truststore (certificates are "
                    + "not encrypted)", TRUSTSTORE_PASSWORD + "=");
        }
        String keystore = location(KEYSTORE_LOCATION, KEYSTORE_PASSWORD, KEYSTORE_TYPE, tls);
        if (keystore == null && source.get(KEY_PASSWORD).isPresent()) {
            throw new ConfigException(KEY_PASSWORD, "is set but " + KEYSTORE_LOCATION + " is not",
                    KEYSTORE_LOCATION + "=/etc/kafka/client.p12");
        }
        String keystoreType = storeType(KEYSTORE_TYPE, keystore);
        Secret keystorePassword = secret(KEYSTORE_PASSWORD);
        if (keystore != null && keystorePassword == null && !"PEM".equals(keystoreType)) {
            throw new ConfigException(KEYSTORE_PASSWORD, "is missing: a " + keystoreType + " keystore needs its "
                    + "password", ConfigSource.envName(KEYSTORE_PASSWORD) + "=<the keystore's password>");
        }
        return new KafkaSecurityConfig(protocol, mechanism, sasl && jaas.isEmpty() ? username.orElse(null) : null,
                jaasConfig, truststore, truststorePassword, truststore == null ? null : truststoreType, keystore,
                keystorePassword, keystore == null ? null : keystoreType, secret(KEY_PASSWORD), producerProperties());
    }

    /** The JAAS line: kafka.sasl.jaas-config as given, or built from username and password. */
    private static String jaas(String mechanism, Optional<String> username, Optional<String> password,
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

    /** A store file that exists and is readable, or null; a password or type without a location is an error. */
    private String location(String locationKey, String passwordKey, String typeKey, boolean tls) {
        Optional<String> location = source.get(locationKey);
        if (location.isEmpty()) {
            for (String key : List.of(passwordKey, typeKey)) {
                if (source.get(key).isPresent()) {
                    throw new ConfigException(key, "is set but " + locationKey + " is not",
                            locationKey + "=/etc/kafka/truststore.p12");
                }
            }
            return null;
        }
        if (!tls) {
            throw new ConfigException(locationKey, "is set but " + PROTOCOL + " does not use TLS",
                    PROTOCOL + "=SASL_SSL (or SSL)");
        }
        Path path = Path.of(location.get());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigException(locationKey, "'" + location.get() + "' is not a readable file",
                    locationKey + "=/etc/kafka/truststore.p12");
        }
        return location.get();
    }

    /** The store's type as given, else from the file name: .pem/.crt PEM, .p12/.pfx PKCS12, anything else JKS. */
    private String storeType(String key, String location) {
        Optional<String> given = source.get(key);
        if (given.isPresent()) {
            return oneOf(key, given.get(), STORE_TYPES, "PKCS12");
        }
        String name = location == null ? "" : location.toLowerCase(Locale.ROOT);
        if (name.endsWith(".pem") || name.endsWith(".crt")) {
            return "PEM";
        }
        return name.endsWith(".p12") || name.endsWith(".pfx") ? "PKCS12" : "JKS";
    }

    private Secret secret(String key) {
        return source.get(key).map(Secret::new).orElse(null);
    }

    private Map<String, String> producerProperties() {
        Map<String, String> properties = new TreeMap<>();
        for (Map.Entry<String, String> entry : source.asMap().entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(PRODUCER_PROPERTIES) || entry.getValue() == null || entry.getValue().isBlank()) {
                continue;
            }
            String kafkaKey = key.substring(PRODUCER_PROPERTIES.length());
            if (OWNED.containsKey(kafkaKey)) {
                throw new ConfigException(key, "is set by " + OWNED.get(kafkaKey) + ": use that key",
                        OWNED.get(kafkaKey) + "=...");
            }
            if (kafkaKey.isEmpty()) {
                throw new ConfigException(key, "names no producer property", PRODUCER_PROPERTIES + "client.dns.lookup=use_all_dns_ips");
            }
            if (looksSecret(kafkaKey)) {
                Masking.register(entry.getValue().trim());
            }
            properties.put(kafkaKey, entry.getValue().trim());
        }
        return Map.copyOf(properties);
    }

    /** Of {@code keys}, those holding a Kafka secret: the passwords, the JAAS line, secret-looking pass-throughs. */
    public static List<String> secretKeys(java.util.Collection<String> keys) {
        List<String> fixed = List.of(PASSWORD, JAAS_CONFIG, TRUSTSTORE_PASSWORD, KEYSTORE_PASSWORD, KEY_PASSWORD);
        return keys.stream().filter(key -> fixed.contains(key) || (key.startsWith(PRODUCER_PROPERTIES)
                && looksSecret(key.substring(PRODUCER_PROPERTIES.length())))).toList();
    }

    /** Passed-through values under names like these are masked in every log line, as our own secrets are. */
    static boolean looksSecret(String kafkaKey) {
        String name = kafkaKey.toLowerCase(Locale.ROOT);
        return Set.of("password", "secret", "jaas", "token", "credentials").stream().anyMatch(name::contains);
    }

    private static String oneOf(String key, String value, List<String> allowed, String example) {
        String upper = value.trim().toUpperCase(Locale.ROOT);
        if (!allowed.contains(upper)) {
            throw new ConfigException(key, "'" + (value.length() <= 40 ? value : value.substring(0, 37) + "...")
                    + "' is not one of " + String.join(", ", allowed), key + "=" + example);
        }
        return upper;
    }
}

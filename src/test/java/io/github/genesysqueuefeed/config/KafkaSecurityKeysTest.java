package io.github.genesysqueuefeed.config;

import io.github.genesysqueuefeed.secrets.Masking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.support.Feed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The secured-Kafka keys as ops set them: environment variables only, one line naming the key when wrong. */
class KafkaSecurityKeysTest {

    private static final String PASSWORD = "Kafka-Pa\"ss\\word-91x";

    @TempDir
    static Path dir;

    private static Map<String, String> genesys() {
        Map<String, String> env = new HashMap<>();
        env.put("GENESYS_REGION", "mypurecloud.ie");
        env.put("GENESYS_CLIENT_ID", "0a1b2c3d-1111-4222-8333-444455556666");
        env.put("GENESYS_CLIENT_SECRET", "genesys-secret-value");
        return env;
    }

    private static Map<String, String> saslSsl() throws Exception {
        Map<String, String> env = genesys();
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("KAFKA_SASL_USERNAME", "feed");
        env.put("KAFKA_SASL_PASSWORD", PASSWORD);
        Path truststore = dir.resolve("ca.pem");
        if (!Files.exists(truststore)) {
            Files.writeString(truststore, "-----BEGIN CERTIFICATE-----\n");
        }
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", truststore.toString());
        if (!Files.exists(dir.resolve("client.jks"))) {
            Files.writeString(dir.resolve("client.jks"), "not really a keystore");
        }
        return env;
    }

    private static KafkaSecurityConfig load(Map<String, String> env) {
        return FeedConfigLoader.load(ConfigSource.resolve(Feed.defaults(), env, new Properties(), Map.of()))
                .kafkaSecurity();
    }

    @Test
    void plaintextByDefault() {
        KafkaSecurityConfig security = load(genesys());
        assertEquals("PLAINTEXT", security.protocol());
        assertNull(security.saslJaasConfig());
        assertTrue(security.producerProperties().isEmpty());
    }

    @Test
    void scramOverTlsFromEnvironmentVariablesBuildsTheJaasLineWithTheQuotesEscaped() throws Exception {
        KafkaSecurityConfig security = load(saslSsl());

        assertEquals("SASL_SSL", security.protocol());
        assertEquals("SCRAM-SHA-512", security.saslMechanism());
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"feed\" "
                + "password=\"Kafka-Pa\\\"ss\\\\word-91x\";", security.saslJaasConfig().reveal());
        assertEquals("PEM", security.truststoreType(), "from the file name");
        assertEquals("******", security.saslJaasConfig().toString());
        assertFalse(security.describe().contains(PASSWORD), security.describe());
        assertTrue(Masking.maskKnown("login with " + PASSWORD).contains("******"), "registered for masking");
    }

    @Test
    void theJaasLineKafkaParsesGivesBackThePasswordAsTyped() throws Exception {
        String jaas = load(saslSsl()).saslJaasConfig().reveal();
        var entries = org.apache.kafka.common.security.JaasContext.loadClientContext(
                Map.of("sasl.jaas.config", new org.apache.kafka.common.config.types.Password(jaas))).configurationEntries();
        assertEquals(PASSWORD, entries.get(0).getOptions().get("password"));
    }

    @Test
    void producerPropertiesPassThroughFromTheEnvironmentByPrefix() {
        Map<String, String> env = genesys();
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", "AWS_MSK_IAM");
        env.put("KAFKA_SASL_JAAS_CONFIG", "software.amazon.msk.auth.iam.IAMLoginModule required;");
        env.put("KAFKA_PRODUCER_PROPERTIES_SASL_CLIENT_CALLBACK_HANDLER_CLASS",
                "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
        KafkaSecurityConfig security = load(env);

        assertEquals(Map.of("sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler"),
                security.producerProperties());
        assertEquals("software.amazon.msk.auth.iam.IAMLoginModule required;", security.saslJaasConfig().reveal());
    }

    @Test
    void theSecretKeysAreThePasswordsTheJaasLineAndSecretLookingPassThroughs() {
        assertEquals(java.util.List.of("kafka.sasl.password", "kafka.sasl.jaas-config",
                        "kafka.producer.properties.sasl.oauthbearer.client.secret"),
                FeedKeys.secretKeys(java.util.List.of("kafka.sasl.username", "kafka.sasl.password",
                        "kafka.sasl.jaas-config", "kafka.producer.properties.linger.ms",
                        "kafka.producer.properties.sasl.oauthbearer.client.secret")));
    }

    static Stream<Arguments> badCombinations() {
        return Stream.of(
                bad("unknown protocol", "kafka.security.protocol", env -> env.put("KAFKA_SECURITY_PROTOCOL", "TLS")),
                bad("SASL without a mechanism", "kafka.sasl.mechanism", env -> env.remove("KAFKA_SASL_MECHANISM")),
                bad("unknown mechanism", "kafka.sasl.mechanism", env -> env.put("KAFKA_SASL_MECHANISM", "SCRAM")),
                bad("username without password", "kafka.sasl.password", env -> env.remove("KAFKA_SASL_PASSWORD")),
                bad("password without username", "kafka.sasl.username", env -> env.remove("KAFKA_SASL_USERNAME")),
                bad("password and a JAAS line", "kafka.sasl.username",
                        env -> env.put("KAFKA_SASL_JAAS_CONFIG", "x required password=\"" + PASSWORD + "\";")),
                bad("a password with PLAINTEXT", "kafka.sasl.mechanism",
                        env -> env.put("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")),
                bad("a truststore without TLS", "kafka.ssl.truststore.location",
                        env -> env.put("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")),
                bad("a truststore that does not exist", "kafka.ssl.truststore.location",
                        env -> env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", "/nowhere/truststore.p12")),
                bad("a truststore password without location", "kafka.ssl.truststore.password", env -> {
                    env.remove("KAFKA_SSL_TRUSTSTORE_LOCATION");
                    env.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", PASSWORD);
                }),
                bad("a password for a PEM truststore", "kafka.ssl.truststore.password",
                        env -> env.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", PASSWORD)),
                bad("unknown store type", "kafka.ssl.truststore.type", env -> env.put("KAFKA_SSL_TRUSTSTORE_TYPE", "P12")),
                bad("a key password without keystore", "kafka.ssl.key.password",
                        env -> env.put("KAFKA_SSL_KEY_PASSWORD", PASSWORD)),
                bad("a JKS keystore without password", "kafka.ssl.keystore.password",
                        env -> env.put("KAFKA_SSL_KEYSTORE_LOCATION", dir.resolve("client.jks").toString())),
                bad("an owned producer property", "kafka.producer.properties.security.protocol",
                        env -> env.put("KAFKA_PRODUCER_PROPERTIES_SECURITY_PROTOCOL", "SSL")));
    }

    private static Arguments bad(String name, String key, Consumer<Map<String, String>> change) {
        return Arguments.of(name, key, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCombinations")
    void aBadCombinationStopsWithOneLineNamingTheKey(String name, String key, Consumer<Map<String, String>> change)
            throws Exception {
        Map<String, String> env = saslSsl();
        change.accept(env);

        ConfigException e = assertThrows(ConfigException.class, () -> load(env));

        assertEquals(key, e.key(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("example"), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), "never the password: " + e.getMessage());
    }
}

package io.github.genesysqueuefeed.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.secrets.Masking;
import io.github.genesysqueuefeed.support.Feed;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The key table against the shipped application.properties, and what the table drives: env, secrets, checks. */
class FeedKeysTest {

    @Test
    void applicationPropertiesShipsExactlyTheDeclaredKeysWithTheirDefaults() {
        Map<String, String> shipped = new TreeMap<>();
        Feed.defaults().forEach((key, value) -> shipped.put(key, value.isBlank() ? null : value));
        Map<String, String> declared = new TreeMap<>();
        FeedKeys.all().stream().filter(ConfigKey::inProperties).forEach(key -> declared.put(key.name(), key.defaultValue()));
        List<String> lines = declared.entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue() == null ? "" : e.getValue())).toList();
        // on a difference: the table's lines, for application.properties (or fix the declaration)
        assertEquals(declared, shipped, "config/FeedKeys declares: " + String.join(", ", lines));
    }

    @Test
    void everyDeclaredDefaultPassesItsOwnCheck() {
        FeedConfig config = FeedConfigLoader.load(ConfigSource.resolve(Map.of(), Map.of(), new Properties(), Map.of(
                "genesys.region", "mypurecloud.ie", "genesys.client-id", "id", "genesys.client-secret", "secret-1")));
        // nothing came from application.properties: every value is the table's
        assertEquals(Map.of("app", "genesys-queue-feed"), config.ha().podLabels());
        assertEquals(1_048_576, config.producer().maxRequestSize());
        assertEquals("every-snapshot", config.downstream().statusMode());
        assertEquals(240, config.orgs().get(0).requestsPerMinute());
    }

    @Test
    void declaredKeysTakeTheirEnvironmentVariableEvenWithoutADefaultsFile() {
        ConfigSource source = ConfigSource.resolve(Map.of(), Map.of("GENESYS_POLL_PERIOD", "30s",
                "KAFKA_SSL_KEY_PASSWORD", "k3y-pass", "HTTPS_PROXY", "http://proxy:3128", "UNRELATED", "x"),
                new Properties(), Map.of());
        assertEquals("30s", source.get("genesys.poll-period").orElseThrow());
        assertEquals("k3y-pass", source.get("kafka.ssl.key.password").orElseThrow());
        assertEquals("http://proxy:3128", source.get("HTTPS_PROXY").orElseThrow(), "a fallback variable of genesys.http.proxy");
        assertFalse(source.asMap().containsKey("UNRELATED"));
    }

    @Test
    void secretsAreTheDeclaredOnesTheirPerOrgCopiesAndSecretLookingPassThroughs() {
        assertEquals(List.of("genesys.client-secret", "genesys.orgs.emea.client-secret", "kafka.ssl.truststore.password",
                        "kafka.producer.properties.sasl.oauthbearer.client.secret"),
                FeedKeys.secretKeys(List.of("genesys.client-secret", "genesys.client-id", "genesys.orgs.emea.client-secret",
                        "genesys.orgs.emea.poll-period", "kafka.ssl.truststore.password", "kafka.ssl.truststore.type",
                        "kafka.producer.properties.sasl.oauthbearer.client.secret", "kafka.producer.properties.linger.ms",
                        "genesys.http.proxy")));
    }

    @Test
    void secretsAreRegisteredBeforeAnyKeyIsChecked() {
        // one org's secret pasted into another key: the error that names that key does not show it
        Map<String, String> env = new java.util.HashMap<>(Map.of("GENESYS_ORGS", "emea",
                "GENESYS_ORGS_EMEA_REGION", "mypurecloud.ie", "GENESYS_ORGS_EMEA_CLIENT_ID", "id",
                "GENESYS_ORGS_EMEA_CLIENT_SECRET", "emea-S3cret-4711", "GENESYS_POLL_PERIOD", "emea-S3cret-4711"));
        ConfigException e = assertThrows(ConfigException.class, () -> FeedConfigLoader.load(
                ConfigSource.resolve(Feed.defaults(), env, new Properties(), Map.of())));
        assertEquals("genesys.poll-period", e.key());
        assertEquals("genesys.poll-period: '******' is not a duration (example: genesys.poll-period=10s)",
                Masking.forLog(e.getMessage()));
        assertFalse(Masking.maskAll("10s").contains(Masking.MASK), "only secret keys are registered");
    }

    @Test
    void theOrgPatternNamesEveryPerOrgKey() {
        for (String suffix : FeedKeys.perOrgSuffixes()) {
            assertTrue(FeedKeys.ORG_KEY.description().contains("`" + suffix + "`"), suffix);
        }
        assertEquals(FeedKeys.POLL_PERIOD, FeedKeys.find("genesys.orgs.us-east.poll-period").orElseThrow());
    }

    @Test
    void oneDeclarationChecksEveryKindWithOneLineNamingTheKey() {
        Map<String, String> good = new java.util.HashMap<>(Map.of("GENESYS_REGION", "MyPureCloud.IE",
                "GENESYS_CLIENT_ID", "id", "GENESYS_CLIENT_SECRET", "secret-1", "FEED_HA_MODE", "FILE"));
        FeedConfig config = FeedConfigLoader.load(ConfigSource.resolve(Feed.defaults(), good, new Properties(), Map.of()));
        assertEquals("https://api.mypurecloud.ie", config.orgs().get(0).apiUrl(), "allowed values match ignoring case");
        assertEquals("file", config.ha().mode(), "and come back in their declared spelling");
        Map<String, String> bad = Map.of(
                "GENESYS_HTTP_READ_TIMEOUT", "genesys.http.read-timeout: 10m is out of range 100ms to 5m",
                "KAFKA_PRODUCER_BUFFER_MEMORY", "kafka.producer.buffer-memory: 'lots' is not a whole number of bytes",
                "KAFKA_STATUS_MODE", "kafka.status.mode: 'sometimes' is not one of every-snapshot, on-change",
                "GENESYS_API_URL", "genesys.api-url: 'ftp://x' is not an http(s) URL",
                "GENESYS_DIVISION_IDS", "genesys.division-ids: 'div-1' is not a UUID",
                "KAFKA_PRODUCER_PROPERTIES_MAX_REQUEST_SIZE", "kafka.producer.properties.max.request.size: 10 is out of range");
        Map<String, String> values = Map.of("GENESYS_HTTP_READ_TIMEOUT", "10m", "KAFKA_PRODUCER_BUFFER_MEMORY", "lots",
                "KAFKA_STATUS_MODE", "sometimes", "GENESYS_API_URL", "ftp://x", "GENESYS_DIVISION_IDS", "div-1",
                "KAFKA_PRODUCER_PROPERTIES_MAX_REQUEST_SIZE", "10");
        bad.forEach((variable, message) -> {
            Map<String, String> env = new java.util.HashMap<>(good);
            env.put(variable, values.get(variable));
            ConfigException e = assertThrows(ConfigException.class,
                    () -> FeedConfigLoader.load(ConfigSource.resolve(Feed.defaults(), env, new Properties(), Map.of())));
            assertTrue(e.getMessage().startsWith(message), e.getMessage());
            assertTrue(e.getMessage().contains("(example: " + e.key() + "="), e.getMessage());
        });
    }
}

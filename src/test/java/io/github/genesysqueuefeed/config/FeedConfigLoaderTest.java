package io.github.genesysqueuefeed.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.support.Feed;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Configuration as ops write it: environment variables on top of the shipped application.properties. Every
 * bad value must stop start-up with one line that names the key and shows a good value, and never the secret.
 */
class FeedConfigLoaderTest {

    private static final String SECRET = "Sup3r-S3cret-Value-4f9a";
    private static final String Q1 = "1f3c2d6e-0000-4000-8000-000000000001";
    private static final String Q2 = "1f3c2d6e-0000-4000-8000-000000000002";

    /** A complete, valid single-org configuration from environment variables only. */
    private static Map<String, String> validEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("GENESYS_REGION", "mypurecloud.ie");
        env.put("GENESYS_CLIENT_ID", "0a1b2c3d-1111-4222-8333-444455556666");
        env.put("GENESYS_CLIENT_SECRET", SECRET);
        env.put("GENESYS_QUEUE_IDS", Q1 + ", " + Q2);
        env.put("GENESYS_POLL_PERIOD", "15s");
        env.put("GENESYS_BATCH_SIZE", "50");
        env.put("KAFKA_BROKERS", "kafka-1:9092,kafka-2:9092");
        env.put("KAFKA_TOPIC_STATUS", "ops.queue.status");
        return env;
    }

    private static FeedConfig load(Map<String, String> env) {
        return load(env, new Properties(), Map.of());
    }

    private static FeedConfig load(Map<String, String> env, Properties system, Map<String, String> overrides) {
        return FeedConfigLoader.load(ConfigSource.resolve(Feed.defaults(), env, system, overrides));
    }

    @Test
    void validConfigurationFromEnvironmentVariablesOnly() {
        FeedConfig config = load(validEnv());

        assertEquals(1, config.orgs().size());
        OrgConfig org = config.orgs().get(0);
        assertEquals("default", org.alias());
        // both hosts derive from the region; login is never the API host
        assertEquals("https://api.mypurecloud.ie", org.apiUrl());
        assertEquals("https://login.mypurecloud.ie", org.loginUrl());
        assertEquals("0a1b2c3d-1111-4222-8333-444455556666", org.clientId());
        assertEquals(SECRET, org.clientSecret().reveal());
        assertEquals(List.of(Q1, Q2), org.queueIds());
        assertFalse(org.discoversQueues());
        assertNull(org.queueNameFilter());
        assertEquals(List.of(), org.divisionIds());
        assertEquals(Duration.ofSeconds(15), org.pollPeriod());
        assertEquals(50, org.batchSize());
        assertEquals(240, org.requestsPerMinute(), "shipped default");
        assertEquals("kafka-1:9092,kafka-2:9092", config.kafkaBrokers());
        assertEquals("ops.queue.status", config.statusTopic());
        assertEquals("genesys.queue.alerts", config.alertsTopic(), "shipped default");
        assertEquals("genesys.queue.dead-letter", config.deadLetterTopic(), "shipped default");
        assertEquals(Duration.ofSeconds(60), config.authFailureBackoff());
        assertEquals(6, config.livenessStuckAfter(), "shipped default");
        assertEquals(new PushConfig("push", Duration.ofMinutes(5), Duration.ofSeconds(60)), config.push(),
                "shipped defaults: push, reconcile every 5m, 60s heartbeat timeout");
        // records print their components: the secret must still not show up when a config is logged
        assertFalse(config.toString().contains(SECRET), config.toString());
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                bad("missing client id", "genesys.client-id", env -> env.remove("GENESYS_CLIENT_ID")),
                bad("missing secret", "genesys.client-secret", env -> env.remove("GENESYS_CLIENT_SECRET")),
                bad("unknown region", "genesys.region", env -> env.put("GENESYS_REGION", "mypurecloud.xx")),
                bad("no region and no URLs", "genesys.region", env -> env.remove("GENESYS_REGION")),
                bad("malformed queue id", "genesys.queue-ids", env -> env.put("GENESYS_QUEUE_IDS", Q1 + ",abc")),
                bad("poll period in words", "genesys.poll-period", env -> env.put("GENESYS_POLL_PERIOD", "ten seconds")),
                bad("batch size over the API cap", "genesys.batch-size", env -> env.put("GENESYS_BATCH_SIZE", "500")),
                bad("batch size not a number", "genesys.batch-size", env -> env.put("GENESYS_BATCH_SIZE", "x")),
                bad("more requests than Genesys allows", "genesys.requests-per-minute",
                        env -> env.put("GENESYS_REQUESTS_PER_MINUTE", "301")),
                bad("broker without port", "kafka.brokers", env -> env.put("KAFKA_BROKERS", "localhost")),
                bad("topic with a space", "kafka.topic.status", env -> env.put("KAFKA_TOPIC_STATUS", "a b")),
                bad("liveness threshold of one poll period", "feed.liveness.stuck-after",
                        env -> env.put("FEED_LIVENESS_STUCK_AFTER", "1")),
                bad("liveness threshold as a duration", "feed.liveness.stuck-after",
                        env -> env.put("FEED_LIVENESS_STUCK_AFTER", "60s")),
                bad("outage buffer in words", "kafka.outage.max-buffered",
                        env -> env.put("KAFKA_OUTAGE_MAX_BUFFERED", "64MB")),
                bad("outage buffer below 1 KiB", "kafka.outage.max-buffered",
                        env -> env.put("KAFKA_OUTAGE_MAX_BUFFERED", "10")),
                bad("a mode that is neither push nor poll", "genesys.mode", env -> env.put("GENESYS_MODE", "pull")),
                bad("a reconcile every second", "genesys.push.reconcile-period",
                        env -> env.put("GENESYS_PUSH_RECONCILE_PERIOD", "1s")),
                bad("a heartbeat timeout under 5 s", "genesys.push.heartbeat-timeout",
                        env -> env.put("GENESYS_PUSH_HEARTBEAT_TIMEOUT", "1s")));
    }

    private static Arguments bad(String name, String key, Consumer<Map<String, String>> change) {
        return Arguments.of(name, key, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void badValueStopsWithOneLineNamingTheKey(String name, String key, Consumer<Map<String, String>> change) {
        Map<String, String> env = validEnv();
        change.accept(env);

        ConfigException e = assertThrows(ConfigException.class, () -> load(env));

        String message = e.getMessage();
        assertEquals(key, e.key(), message);
        // the operator reads this in a pod log: one line, the key first, and a value that would work
        assertFalse(message.contains("\n") || message.contains("\r"), "one line: " + message);
        assertTrue(message.contains(key), "names the key: " + message);
        assertTrue(message.contains("example"), "shows a good value: " + message);
        assertFalse(message.contains(SECRET), "never the secret: " + message);
        assertEquals(0, e.getStackTrace().length, "a config error is not a crash: no stack trace to print");
    }

    @Test
    void kubernetesPodLabelsAreKeyValuePairsDefaultingToTheDeploymentsLabel() {
        assertEquals(Map.of("app", "genesys-queue-feed"), load(validEnv()).ha().podLabels());
        Map<String, String> env = validEnv();
        env.put("FEED_HA_KUBERNETES_POD_LABELS", "app.kubernetes.io/name=queue-feed, tier=ops");
        assertEquals(Map.of("app.kubernetes.io/name", "queue-feed", "tier", "ops"), load(env).ha().podLabels());
        env.put("FEED_HA_KUBERNETES_POD_LABELS", "app:queue-feed");
        ConfigException e = assertThrows(ConfigException.class, () -> load(env));
        assertEquals("feed.ha.kubernetes.pod-labels", e.key(), e.getMessage());
        assertTrue(e.getMessage().contains("example"), e.getMessage());
    }

    @Test
    void systemPropertiesOverrideTheEnvironmentAndOverridesBeatBoth() {
        Properties system = new Properties();
        system.setProperty("genesys.poll-period", "30s");
        system.setProperty("genesys.batch-size", "20");
        system.setProperty("kafka.topic.status", "from-system-property");

        FeedConfig config = load(validEnv(), system, Map.of("kafka.topic.status", "from-override"));

        OrgConfig org = config.orgs().get(0);
        assertEquals(Duration.ofSeconds(30), org.pollPeriod(), "-D beats GENESYS_POLL_PERIOD=15s");
        assertEquals(20, org.batchSize(), "-D beats GENESYS_BATCH_SIZE=50");
        assertEquals("from-override", config.statusTopic());
        assertEquals("https://api.mypurecloud.ie", org.apiUrl(), "what -D does not set still comes from env");
    }

    private static Map<String, String> twoOrgEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("GENESYS_ORGS", "emea,us");
        env.put("GENESYS_ORGS_EMEA_REGION", "mypurecloud.ie");
        env.put("GENESYS_ORGS_EMEA_CLIENT_ID", "emea-client");
        env.put("GENESYS_ORGS_EMEA_CLIENT_SECRET", SECRET);
        env.put("GENESYS_ORGS_EMEA_QUEUE_IDS", Q1);
        env.put("GENESYS_ORGS_US_REGION", "usw2.pure.cloud");
        env.put("GENESYS_ORGS_US_CLIENT_ID", "us-client");
        env.put("GENESYS_ORGS_US_CLIENT_SECRET", SECRET + "-us");
        env.put("GENESYS_ORGS_US_POLL_PERIOD", "30s");
        env.put("GENESYS_POLL_PERIOD", "15s");
        return env;
    }

    @Test
    void severalOrgsFromEnvironmentVariables() {
        FeedConfig config = load(twoOrgEnv());

        assertEquals(List.of("emea", "us"), config.orgs().stream().map(OrgConfig::alias).toList());
        OrgConfig emea = config.orgs().get(0);
        OrgConfig us = config.orgs().get(1);
        assertEquals("https://api.mypurecloud.ie", emea.apiUrl());
        assertEquals("https://login.mypurecloud.ie", emea.loginUrl());
        assertEquals("emea-client", emea.clientId());
        assertEquals(SECRET, emea.clientSecret().reveal());
        assertEquals(List.of(Q1), emea.queueIds());
        assertEquals("https://api.usw2.pure.cloud", us.apiUrl());
        assertEquals("https://login.usw2.pure.cloud", us.loginUrl());
        assertEquals("us-client", us.clientId());
        assertEquals(SECRET + "-us", us.clientSecret().reveal());
        assertTrue(us.discoversQueues());
        // tuning keys fall back to the shared key unless the org sets its own
        assertEquals(Duration.ofSeconds(15), emea.pollPeriod());
        assertEquals(Duration.ofSeconds(30), us.pollPeriod());
    }

    @Test
    void aBadValueInOneOrgNamesThatOrgsKey() {
        Map<String, String> env = twoOrgEnv();
        env.remove("GENESYS_ORGS_US_CLIENT_SECRET");

        ConfigException e = assertThrows(ConfigException.class, () -> load(env));

        assertEquals("genesys.orgs.us.client-secret", e.key());
        // the example tells ops which environment variable to set
        assertTrue(e.getMessage().contains("GENESYS_ORGS_US_CLIENT_SECRET"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void camelKeysTakeOurEnvironmentSpellingAndCamelsOwn() {
        java.util.Map<String, String> ours = java.util.Map.of("CAMEL_MAIN_ROUTES_INCLUDE_PATTERN", "file:/etc/feed/*.yaml");
        java.util.Map<String, String> camels = java.util.Map.of("CAMEL_MAIN_ROUTESINCLUDEPATTERN", "file:/opt/feed/*.yaml");
        assertEquals("file:/etc/feed/*.yaml", ConfigSource.resolve(io.github.genesysqueuefeed.support.Feed.defaults(), ours,
                new java.util.Properties(), java.util.Map.of()).get("camel.main.routes-include-pattern").orElseThrow());
        assertEquals("file:/opt/feed/*.yaml", ConfigSource.resolve(io.github.genesysqueuefeed.support.Feed.defaults(), camels,
                new java.util.Properties(), java.util.Map.of()).get("camel.main.routes-include-pattern").orElseThrow());
    }

    @Test
    void egressProxyFromTheKeyOrTheStandardVariablesAndTheCapFromItsKey() {
        Map<String, String> env = validEnv();
        env.put("GENESYS_HTTP_PROXY", "http://feed:Pr0xy-Secret-88@proxy.corp:3128");
        env.put("GENESYS_HTTP_NON_PROXY_HOSTS", "*.internal.example");
        env.put("GENESYS_HTTP_MAX_RESPONSE_BYTES", "1048576");
        FeedConfig config = load(env);
        assertEquals("proxy.corp", config.proxy().httpsProxy().host());
        assertEquals(List.of("*.internal.example"), config.proxy().nonProxyHosts());
        assertEquals(1_048_576, config.maxResponseBytes());
        assertFalse(config.toString().contains("Pr0xy-Secret-88"), config.toString());

        Map<String, String> standard = validEnv();
        standard.put("HTTPS_PROXY", "http://egress.corp:8080");
        standard.put("NO_PROXY", "localhost");
        FeedConfig fromVariables = load(standard);
        assertEquals("egress.corp", fromVariables.proxy().httpsProxy().host());
        assertEquals("environment", fromVariables.proxy().source());
        assertFalse(load(validEnv()).proxy().isSet(), "nothing set: direct");
        assertEquals(16 * 1024 * 1024, load(validEnv()).maxResponseBytes(), "shipped default");
    }

    @Test
    void aBadProxyOrCapStopsStartUpNamingTheKeyNeverThePassword() {
        Map<String, String> env = validEnv();
        env.put("GENESYS_HTTP_PROXY", "https://feed:Pr0xy-Secret-88@proxy.corp:3128");
        ConfigException proxy = assertThrows(ConfigException.class, () -> load(env));
        assertEquals("genesys.http.proxy", proxy.key());
        assertFalse(proxy.getMessage().contains("Pr0xy-Secret-88"), proxy.getMessage());

        Map<String, String> cap = validEnv();
        cap.put("GENESYS_HTTP_MAX_RESPONSE_BYTES", "100");
        assertEquals("genesys.http.max-response-bytes", assertThrows(ConfigException.class, () -> load(cap)).key());
    }
}

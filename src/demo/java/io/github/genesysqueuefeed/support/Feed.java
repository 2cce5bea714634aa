package io.github.genesysqueuefeed.support;

import io.github.genesysqueuefeed.FeedApplication;
import io.github.genesysqueuefeed.config.ConfigSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** Starts the real application in this JVM with test overrides on top of application.properties. */
public final class Feed {

    private Feed() {
    }

    public static FeedApplication start(Map<String, String> overrides) throws Exception {
        Map<String, String> all = new HashMap<>(overrides);
        // each feed's management server (health, metrics) on its own free port
        all.putIfAbsent("camel.management.port", Integer.toString(freePort()));
        ConfigSource source = ConfigSource.resolve(defaults(), Map.of(), new Properties(), all);
        return FeedApplication.create(source).start();
    }

    /**
     * Starts the application configured only by {@code environment} (variable name -> value), resolved exactly as
     * the shipped jar resolves System.getenv(); the management server gets a free port unless the map sets one.
     */
    public static FeedApplication startFromEnvironment(Map<String, String> environment) throws Exception {
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent("CAMEL_MANAGEMENT_PORT", Integer.toString(freePort()));
        env.putIfAbsent("GENESYS_MODE", "poll"); // as baseConfig: push-mode tests say so

        ConfigSource source = ConfigSource.resolve(defaults(), env, new Properties(), Map.of());
        return FeedApplication.create(source).start();
    }

    /**
     * The keys every test feed needs: Genesys (WireMock or the simulator) at {@code genesysBaseUrl} for both the API
     * and the login host, the given client credentials, and the broker. Mutable: tests add their own keys.
     */
    public static Map<String, String> baseConfig(String genesysBaseUrl, String clientId, String clientSecret,
                                                 String kafkaBrokers) {
        Map<String, String> config = new HashMap<>();
        config.put("genesys.api-url", genesysBaseUrl);
        config.put("genesys.login-url", genesysBaseUrl);
        config.put("genesys.client-id", clientId);
        config.put("genesys.client-secret", clientSecret);
        config.put("kafka.brokers", kafkaBrokers);
        // the product's default is push; a test of polling says poll, a test of push mode (and the demo) says push
        config.put("genesys.mode", "poll");
        return config;
    }

    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The management server's base URL, e.g. http://localhost:40123 (health: /observe/health). */
    public static String managementUrl(FeedApplication feed) {
        return "http://localhost:" + feed.camelContext().getPropertiesComponent()
                .resolveProperty("camel.management.port").orElseThrow();
    }

    /** application.properties as shipped, so tests run against the real defaults. */
    public static Map<String, String> defaults() {
        Properties props = new Properties();
        try (var in = Feed.class.getClassLoader().getResourceAsStream("application.properties")) {
            props.load(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> map = new HashMap<>();
        props.stringPropertyNames().forEach(n -> map.put(n, props.getProperty(n)));
        return map;
    }
}

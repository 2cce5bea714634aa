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
        ConfigSource source = ConfigSource.resolve(defaults(), Map.of(), new Properties(), all);
        return FeedApplication.create(source).start();
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

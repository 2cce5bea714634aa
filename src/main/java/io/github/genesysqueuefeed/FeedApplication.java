package io.github.genesysqueuefeed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.config.ConfigException;
import io.github.genesysqueuefeed.config.ConfigSource;
import io.github.genesysqueuefeed.config.FeedConfig;
import io.github.genesysqueuefeed.config.FeedConfigLoader;
import io.github.genesysqueuefeed.org.GenesysOrgs;
import io.github.genesysqueuefeed.publish.DeadLetters;
import io.github.genesysqueuefeed.publish.StatusRecords;
import io.github.genesysqueuefeed.route.GenesysRoutes;
import io.github.genesysqueuefeed.route.SnapshotPlanner;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Starts the feed: validates the configuration (one line and exit code 2 on a bad value), then runs Camel Main
 * with the Java routes, the YAML routes from {@code routes/} and the beans they use.
 */
public final class FeedApplication {

    private final FeedConfig config;
    private final ConfigSource source;
    private final Main main;

    private FeedApplication(ConfigSource source, FeedConfig config) {
        this.source = source;
        this.config = config;
        this.main = createMain();
    }

    /** Validates {@code source}; throws {@link ConfigException} on the first bad value. */
    public static FeedApplication create(ConfigSource source) {
        return new FeedApplication(source, FeedConfigLoader.load(source));
    }

    public static void main(String[] args) throws Exception {
        FeedApplication app;
        try {
            app = create(ConfigSource.fromEnvironment(Map.of()));
        } catch (ConfigException e) {
            System.err.println("genesys-queue-feed: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        int exit = app.main.run(args);
        System.exit(exit);
    }

    private Main createMain() {
        Main camel = new Main();
        ObjectMapper json = Json.mapper();
        Clock clock = Clock.systemUTC();
        GenesysOrgs orgs = GenesysOrgs.create(config, clock);

        // Camel resolves {{placeholders}} from exactly the values FeedConfig validated
        Properties resolved = new Properties();
        resolved.putAll(source.asMap());
        camel.setOverrideProperties(resolved);

        camel.bind("feedConfig", config);
        camel.bind("genesysOrgs", orgs);
        camel.bind("snapshotPlanner", new SnapshotPlanner(orgs));
        camel.configure().addRoutesBuilder(new GenesysRoutes(config, orgs, json, clock));
        camel.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport main) {
                CamelContext context = main.getCamelContext();
                context.getRegistry().bind("statusRecords", new StatusRecords(json, context, orgs));
                context.getRegistry().bind("deadLetters", new DeadLetters(orgs, json, clock));
                // routes/queue-feed.yaml splits a snapshot's batches onto this pool: each batch waits for Genesys
                // and then for Kafka's acks, so overlapping them shortens the snapshot; one pool for all orgs,
                // sized per org
                context.getRegistry().bind("snapshotBatchPool", context.getExecutorServiceManager().newFixedThreadPool(
                        FeedApplication.this, "snapshot-batches", config.parallelBatches() * config.orgs().size()));
                for (String scheme : new String[] {"http", "https"}) {
                    HttpComponent http = context.getComponent(scheme, HttpComponent.class);
                    http.setConnectTimeout(config.connectTimeout().toMillis());
                    http.setResponseTimeout(config.readTimeout().toMillis());
                    http.setSoTimeout(config.readTimeout().toMillis());
                }
            }
        });
        return camel;
    }

    /** Starts without blocking (tests, the demo); {@link #stop()} ends it. */
    public FeedApplication start() throws Exception {
        main.start();
        return this;
    }

    public void stop() throws Exception {
        main.stop();
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public FeedConfig config() {
        return config;
    }

    /** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM). */
    public int run() throws Exception {
        return main.run(new String[0]);
    }
}

package io.github.genesysqueuefeed.demo;

import io.github.genesysqueuefeed.FeedApplication;
import io.github.genesysqueuefeed.config.ConfigSource;
import io.github.genesysqueuefeed.config.Durations;
import io.github.genesysqueuefeed.support.Feed;
import io.github.genesysqueuefeed.support.KafkaTestBroker;
import io.github.genesysqueuefeed.support.NotificationsSimulator;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./mvnw -q -Pdemo}: the real pipeline in push mode against a simulated Genesys org (20 queues, one changing
 * about every 0.7 s, each change pushed over the notifications websocket) and an embedded Kafka broker. A
 * {@link DemoConsole} reads the topics back like any consumer and prints every snapshot (start-up and reconcile
 * polls) as a table and every pushed update as one line, each with its age.
 *
 * <p>Demo code, in src/demo/java (a test source root): it never ships in the jar, and the feed it starts is configured like any other
 * deployment, only with the simulator's URLs and credentials.
 */
public final class Demo implements AutoCloseable {

    /** How often the simulated org changes a queue: about every 0.7 s, so each queue every 14 s or so. */
    static final double CHANGES_PER_SECOND = 1.5;

    private final KafkaTestBroker broker;
    private final GenesysSimulator genesys;
    private final NotificationsSimulator notifications;
    private final OrgChanges changes;
    private final FeedApplication feed;
    private final DemoConsole console;
    private final PrintStream out;

    /** @param pollPeriod the period of poll mode (and of the fallback to polling when push is refused) */
    public Demo(PrintStream out, Duration pollPeriod) throws Exception {
        // GENESYS_MODE=poll ./mvnw -q -Pdemo shows the same org polled, for comparison
        this(out, pollPeriod, System.getenv().getOrDefault("GENESYS_MODE", "push"));
    }

    /** @param mode {@code genesys.mode}: push or poll */
    public Demo(PrintStream out, Duration pollPeriod, String mode) throws Exception {
        this.out = out;
        Instant started = Instant.now();
        out.println("Starting an embedded Kafka broker and a simulated Genesys org with its notifications websocket...");
        broker = KafkaTestBroker.start();
        genesys = GenesysSimulator.start(20);
        notifications = NotificationsSimulator.start();
        genesys.routeNotificationsTo(notifications.baseUrl());
        Map<String, String> overrides = Feed.baseConfig(genesys.baseUrl(), GenesysSimulator.CLIENT_ID, GenesysSimulator.CLIENT_SECRET,
                broker.bootstrapServers());
        overrides.put("genesys.mode", mode);
        overrides.put("genesys.poll-period", pollPeriod.toMillis() + "ms");
        overrides.put("alerts.rules-file", demoAlertRules().toString());
        // these overrides beat environment variables: the demo always runs against its own simulator and broker
        FeedApplication app = FeedApplication.create(ConfigSource.fromEnvironment(overrides));
        String topic = app.config().statusTopic();
        String alertsTopic = app.config().alertsTopic();
        broker.createTopics(topic, alertsTopic); // so the console consumer does not start on a missing topic
        console = new DemoConsole(out, genesys, broker.bootstrapServers(), List.of(topic, alertsTopic), alertsTopic);
        changes = OrgChanges.start(genesys, notifications, CHANGES_PER_SECOND, 42);
        feed = app.start();
        out.printf("Feed running (genesys.mode=%s): Genesys at %s, notifications websocket at %s, Kafka %s topic '%s'"
                        + " (started in %d ms).%n", mode, genesys.baseUrl(), notifications.baseUrl(), broker.bootstrapServers(),
                topic, Duration.between(started, Instant.now()).toMillis());
        out.printf("Each table is a snapshot the feed polled (at start-up, then every reconcile; every %s in poll mode),"
                + "%neach 'push' line one change Genesys pushed, as a consumer reads them back from the topic. The age is"
                + "%nwhen the line is printed minus when the simulated org made the change ('-': no change since last"
                + " shown).%nAlerts: 3 or more waiting,"
                + " twice in a row. Ctrl-C stops.%n", Durations.format(pollPeriod));
    }

    public static void main(String[] args) throws Exception {
        Demo demo = new Demo(System.out, Duration.ofSeconds(5));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping...");
            demo.close();
            stopped.countDown();
        }, "demo-shutdown"));
        stopped.await();
    }

    public int tablesPrinted() {
        return console.tablesPrinted();
    }

    /** Notification channels the feed has created so far (0: the feed is not pushing). */
    public int channelsCreated() {
        return notifications.calls("POST " + NotificationsSimulator.CHANNELS_PATH);
    }

    /** Lines printed for events whose {@code source} is {@code push}. */
    public int pushUpdatesPrinted() {
        return console.pushUpdatesPrinted();
    }

    /** A rule that trips now and then on the simulator's numbers, so the demo shows alerts as well. */
    private static java.nio.file.Path demoAlertRules() throws java.io.IOException {
        java.nio.file.Path rules = java.nio.file.Files.createTempFile("demo-alert-rules", ".yaml");
        rules.toFile().deleteOnExit();
        java.nio.file.Files.writeString(rules, """
                rules:
                  - name: queue-building-up
                    field: waiting
                    operator: ">="
                    open: 3
                    close: 1
                    for: 2
                """);
        return rules;
    }

    @Override
    public void close() {
        try {
            changes.close();
            console.close();
            feed.stop();
        } catch (Exception e) {
            out.println("while stopping the feed: " + e);
        }
        try {
            notifications.close();
        } catch (Exception e) {
            out.println("while stopping the notifications simulator: " + e);
        }
        genesys.close();
        broker.close();
    }
}

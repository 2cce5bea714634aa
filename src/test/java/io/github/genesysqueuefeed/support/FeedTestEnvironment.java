package io.github.genesysqueuefeed.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.genesysqueuefeed.FeedApplication;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the feed tests share: an in-JVM Kafka broker and a WireMock server playing Genesys, both started once for the
 * test class and closed after it; WireMock reset (stubs, scenarios, request log) before each test; and every feed a
 * test starts with {@link #start} stopped after that test.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final FeedTestEnvironment env = new FeedTestEnvironment();
 * </pre>
 *
 * Register it on a {@code static} field: the broker and WireMock live as long as the class. Its before-callbacks run
 * before the class's own {@code @BeforeAll} and {@code @BeforeEach} methods, so those can create topics and add stubs;
 * its after-callbacks run after the class's {@code @AfterEach} and {@code @AfterAll} methods.
 */
public final class FeedTestEnvironment
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    public static final String CLIENT_ID = "test-client";
    public static final String CLIENT_SECRET = "s3cr3t-never-logged";

    private final Supplier<KafkaTestBroker> brokerFactory;
    private final Deque<FeedApplication> feeds = new ArrayDeque<>();
    private KafkaTestBroker broker;
    private WireMockServer genesys;

    /** A broker on free ports ({@link KafkaTestBroker#start()}). */
    public FeedTestEnvironment() {
        this(KafkaTestBroker::start);
    }

    private FeedTestEnvironment(Supplier<KafkaTestBroker> brokerFactory) {
        this.brokerFactory = brokerFactory;
    }

    /** A broker that can be stopped and restarted at the same address ({@link KafkaTestBroker#startRestartable()}). */
    public static FeedTestEnvironment withRestartableBroker() {
        return new FeedTestEnvironment(KafkaTestBroker::startRestartable);
    }

    /** A broker started by {@code brokerFactory}, e.g. {@code () -> KafkaTestBroker.start(secured.brokerProperties())}. */
    public static FeedTestEnvironment withBroker(Supplier<KafkaTestBroker> brokerFactory) {
        return new FeedTestEnvironment(brokerFactory);
    }

    /** A broker with these extra broker settings, e.g. {@code auto.create.topics.enable=false}. */
    public static FeedTestEnvironment withBrokerProperties(Map<String, String> brokerProperties) {
        return new FeedTestEnvironment(() -> KafkaTestBroker.start(brokerProperties));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = brokerFactory.get();
        genesys = new WireMockServer(wireMockConfig().dynamicPort());
        genesys.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        genesys.resetAll();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception failure = null;
        while (!feeds.isEmpty()) {
            FeedApplication feed = feeds.pop(); // the last started first
            try {
                if (!stopped(feed)) {
                    feed.stop();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (genesys != null) {
                genesys.stop();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    /** A test that stopped its feed itself (graceful shutdown, a finally block) leaves nothing to stop. */
    private static boolean stopped(FeedApplication feed) {
        CamelContext camel = feed.camelContext();
        return camel != null && (camel.isStopped() || camel.isStopping());
    }

    public KafkaTestBroker broker() {
        return broker;
    }

    public WireMockServer genesys() {
        return genesys;
    }

    /** {@link Feed#baseConfig} for this WireMock and broker, as {@value #CLIENT_ID} / {@value #CLIENT_SECRET}. */
    public Map<String, String> baseConfig() {
        return baseConfig(CLIENT_ID, CLIENT_SECRET);
    }

    /** {@link Feed#baseConfig} for this WireMock and broker with the given client credentials. Mutable. */
    public Map<String, String> baseConfig(String clientId, String clientSecret) {
        return Feed.baseConfig(genesys.baseUrl(), clientId, clientSecret, broker.bootstrapServers());
    }

    /**
     * {@link Feed#startFromEnvironment}: the feed configured only by environment variables, as the shipped jar is;
     * stopped after the current test.
     */
    public FeedApplication startFromEnvironment(Map<String, String> environment) throws Exception {
        FeedApplication feed = Feed.startFromEnvironment(environment);
        feeds.push(feed);
        return feed;
    }

    /** {@link Feed#start}, and the feed is stopped after the current test unless the test stopped it already. */
    public FeedApplication start(Map<String, String> config) throws Exception {
        FeedApplication feed = Feed.start(config);
        feeds.push(feed);
        return feed;
    }
}

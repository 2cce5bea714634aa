package io.github.genesysqueuefeed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.alerts.AlertEvaluator;
import io.github.genesysqueuefeed.alerts.AlertRulesFile;
import io.github.genesysqueuefeed.config.ConfigSource;
import io.github.genesysqueuefeed.config.FeedConfig;
import io.github.genesysqueuefeed.config.FeedConfigLoader;
import io.github.genesysqueuefeed.config.FeedKeys;
import io.github.genesysqueuefeed.event.Json;
import io.github.genesysqueuefeed.feed.BatchFailures;
import io.github.genesysqueuefeed.feed.EventExtraction;
import io.github.genesysqueuefeed.feed.FeedProperties;
import io.github.genesysqueuefeed.feed.GenesysOrgs;
import io.github.genesysqueuefeed.feed.ObservationRequest;
import io.github.genesysqueuefeed.feed.GenesysBudgetStep;
import io.github.genesysqueuefeed.feed.ObservationCall;
import io.github.genesysqueuefeed.feed.PollSchedule;
import io.github.genesysqueuefeed.feed.TokenStep;
import io.github.genesysqueuefeed.logging.OrgMdc;
import io.github.genesysqueuefeed.feed.RetryCounter;
import io.github.genesysqueuefeed.feed.SnapshotPlanner;
import io.github.genesysqueuefeed.feed.StatusChanges;
import io.github.genesysqueuefeed.publish.AlertRecords;
import io.github.genesysqueuefeed.publish.DeadLetters;
import io.github.genesysqueuefeed.publish.KafkaProblems;
import io.github.genesysqueuefeed.publish.KafkaPublisher;
import io.github.genesysqueuefeed.publish.StatusRecords;
import io.github.genesysqueuefeed.publish.Tombstones;
import io.github.genesysqueuefeed.support.Feed;
import io.github.genesysqueuefeed.support.MutableClock;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockComponent;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Route tests' context: a real CamelContext running the REAL {@code routes/queue-feed.yaml} with the plain beans it
 * names, wired as FeedApplication wires them (StatusChanges, StatusRecords, AlertEvaluator, Tombstones, DeadLetters,
 * the real KafkaPublisher, ...). Only Kafka itself is replaced: the {@code kafka} component is Camel's mock component,
 * so the publisher's one producer delivers every record (any topic) to one MockEndpoint, with the topic in
 * {@code KafkaConstants.OVERRIDE_TOPIC} as camel-kafka would get it. Genesys is not called: a test that needs
 * observe-batch replaces its {@code direct:call-observations} step with AdviceWith before the start.
 *
 * <p>Why this is long: it mirrors FeedApplication's wiring of the YAML routes' beans (private there), plus the
 * snapshot helper every route test uses.
 */
public final class PipelineRoutes implements AutoCloseable {

    /** The records of one snapshot as the broker would get them, in the order sent. */
    public record Sent(String topic, String key, Map<String, Object> headers, String value) {
    }

    private static final String SNAPSHOT_END = "test.snapshot-end";

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final FeedConfig config;
    private final GenesysOrgs orgs;
    private final KafkaPublisher publisher;
    private final MockEndpoint kafka;
    private final ProducerTemplate template;
    private final AtomicInteger snapshots = new AtomicInteger();

    /**
     * @param overrides  configuration keys on top of application.properties (Genesys and Kafka are never reached)
     * @param beforeStart e.g. AdviceWith on a route of the file
     */
    public PipelineRoutes(Map<String, String> overrides, MutableClock clock, Consumer<CamelContext> beforeStart)
            throws Exception {
        Map<String, String> keys = new HashMap<>(Feed.baseConfig("http://localhost:9", "client-1",
                "route-test-secret-Xy9", "localhost:9"));
        keys.putAll(overrides);
        ConfigSource source = ConfigSource.resolve(Feed.defaults(), Map.of(), new Properties(), keys);
        config = FeedConfigLoader.load(source);
        orgs = GenesysOrgs.create(config, clock);

        Properties placeholders = new Properties();
        placeholders.putAll(source.asMap());
        FeedKeys.secretKeys(source.asMap().keySet()).forEach(placeholders::remove);
        placeholders.putAll(ErrorPolicyProperties.of(config.resilience()));
        context.getPropertiesComponent().setOverrideProperties(placeholders);
        MockComponent kafkaStandIn = new MockComponent();
        kafkaStandIn.setAutowiredEnabled(false); // camel-kafka's configurer would autowire it by the name kafka
        context.addComponent("kafka", kafkaStandIn);

        ObjectMapper json = Json.mapper();
        BatchFailures batchFailures = new BatchFailures(orgs);
        bind("batchFailures", batchFailures);
        bind("genesysOrgs", orgs);
        bind("snapshotPlanner", new SnapshotPlanner());
        bind("statusChanges", new StatusChanges(StatusChanges.Mode.parse(config.downstream().statusMode()),
                config.downstream().heartbeatPeriod(), clock));
        bind("statusRecords", new StatusRecords(json, context));
        bind("tombstones", new Tombstones(context));
        bind("queueAlerts", new AlertEvaluator(new AlertRulesFile(Path.of(config.downstream().alertRulesFile())),
                clock));
        bind("alertRecords", new AlertRecords(json, context));
        bind("deadLetters", new DeadLetters(orgs, json, clock));
        bind("observationRequest", new ObservationRequest());
        bind("genesysBudget", new GenesysBudgetStep(clock));
        bind("tokens", new TokenStep());
        bind("genesysCall", new ObservationCall(clock));
        bind("feedJson", json);
        bind("orgMdc", (org.apache.camel.Processor) OrgMdc::enter);
        bind("pollSchedule", PollSchedule.everyTick());
        bind("eventExtraction", new EventExtraction(json, clock, batchFailures, context.createProducerTemplate()));
        bind("retryCounter", new RetryCounter());
        bind("snapshotBatchPool", context.getExecutorServiceManager().newFixedThreadPool(this, "batches", 2));
        KafkaProblems problems = new KafkaProblems(clock);
        bind("kafkaProblems", problems);
        publisher = new KafkaPublisher(context, config, orgs, new DeadLetters(orgs, json, clock), problems, clock);
        bind("kafkaPublisher", publisher);
        publisher.attachTo(context);

        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveMandatoryResource(context, "file:routes/queue-feed.yaml"));
        beforeStart.accept(context);
        context.start();
        kafka = context.getEndpoint(publisher.endpointUri(), MockEndpoint.class);
        template = context.createProducerTemplate();
    }

    private void bind(String name, Object bean) {
        context.getRegistry().bind(name, bean);
    }

    public CamelContext context() {
        return context;
    }

    public GenesysOrgs orgs() {
        return orgs;
    }

    public FeedConfig config() {
        return config;
    }

    /** A fresh exchange of org {@code default} (what the poll route sets) with {@code body}. */
    public Exchange exchange(Object body) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(FeedProperties.ORG, "default");
        exchange.setProperty(FeedProperties.GENESYS_ORG, orgs.get("default"));
        exchange.getMessage().setBody(body);
        return exchange;
    }

    /**
     * Runs {@code exchange} through {@code endpoint} as the poll route runs a snapshot (kafkaPublisher.beginSnapshot,
     * the route, kafkaPublisher.handOver) and returns what the broker got for it. The snapshot ends with a marker
     * record of its own topic: records of one snapshot are sent in order, so once the marker is in, all are.
     */
    public List<Sent> snapshot(String endpoint, Exchange exchange) throws InterruptedException {
        int before = kafka.getReceivedCounter();
        String marker = "end-" + snapshots.incrementAndGet();
        CountDownLatch ended = new CountDownLatch(1);
        kafka.whenAnyExchangeReceived(e -> {
            if (marker.equals(e.getMessage().getBody(String.class))) {
                ended.countDown();
            }
        });
        publisher.beginSnapshot(exchange);
        template.send(endpoint, exchange);
        Exchange end = new DefaultExchange(context);
        end.setProperty(KafkaPublisher.SNAPSHOT_RECORDS, exchange.getProperty(KafkaPublisher.SNAPSHOT_RECORDS));
        end.getMessage().setBody(marker);
        publisher.publish(SNAPSHOT_END, end);
        publisher.handOver(exchange);
        if (!ended.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the snapshot's records did not reach the mock Kafka within 10 s");
        }
        List<Exchange> received = kafka.getReceivedExchanges();
        return received.subList(before, received.size()).stream()
                .map(e -> new Sent(e.getMessage().getHeader(KafkaConstants.OVERRIDE_TOPIC, String.class),
                        e.getMessage().getHeader(KafkaConstants.KEY, String.class), e.getMessage().getHeaders(),
                        e.getMessage().getBody(String.class)))
                .filter(sent -> !SNAPSHOT_END.equals(sent.topic()))
                .toList();
    }

    /** The records of {@code sent} on {@code topic}. */
    public static List<Sent> on(String topic, List<Sent> sent) {
        return sent.stream().filter(s -> topic.equals(s.topic())).toList();
    }

    @Override
    public void close() {
        context.stop();
    }
}

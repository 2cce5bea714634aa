package io.github.genesysqueuefeed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.event.Json;
import io.github.genesysqueuefeed.config.ConfigException;
import io.github.genesysqueuefeed.config.ConfigSource;
import io.github.genesysqueuefeed.config.FeedConfig;
import io.github.genesysqueuefeed.config.FeedConfigLoader;
import io.github.genesysqueuefeed.secrets.Masking;
import io.github.genesysqueuefeed.logging.OrgMdc;
import io.github.genesysqueuefeed.config.FeedKeys;
import io.github.genesysqueuefeed.ops.ErrorReportingExecutor;
import io.github.genesysqueuefeed.ops.ExpectedRoutes;
import io.github.genesysqueuefeed.ops.FatalErrors;
import io.github.genesysqueuefeed.ops.FeedMetrics;
import io.github.genesysqueuefeed.ops.SafeRouteReload;
import io.github.genesysqueuefeed.ops.LeaderElection;
import io.github.genesysqueuefeed.feed.GenesysOrgs;
import io.github.genesysqueuefeed.feed.PushFeeds;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.ThreadPoolProfile;
import io.github.genesysqueuefeed.alerts.AlertEvaluator;
import io.github.genesysqueuefeed.alerts.AlertRulesFile;
import io.github.genesysqueuefeed.publish.AlertRecords;
import io.github.genesysqueuefeed.publish.DeadLetters;
import io.github.genesysqueuefeed.publish.KafkaProducerSettings;
import io.github.genesysqueuefeed.publish.KafkaProblems;
import io.github.genesysqueuefeed.ops.KafkaReadinessCheck;
import io.github.genesysqueuefeed.publish.KafkaPublisher;
import io.github.genesysqueuefeed.ops.KafkaBacklogCheck;
import io.github.genesysqueuefeed.feed.StatusChanges;
import io.github.genesysqueuefeed.publish.Tombstones;
import java.nio.file.Path;
import org.apache.camel.component.kafka.KafkaComponent;
import io.github.genesysqueuefeed.publish.StatusRecords;
import io.github.genesysqueuefeed.ops.ErrorsAsFailures;
import io.github.genesysqueuefeed.ops.FatalErrorRouteConfiguration;
import io.github.genesysqueuefeed.feed.SnapshotPlanner;
import io.github.genesysqueuefeed.feed.EventExtraction;
import io.github.genesysqueuefeed.feed.ObservationRequest;
import io.github.genesysqueuefeed.feed.GenesysBudgetStep;
import io.github.genesysqueuefeed.feed.ObservationCall;
import io.github.genesysqueuefeed.feed.TokenStep;
import org.apache.camel.Processor;
import io.github.genesysqueuefeed.feed.RetryCounter;
import io.github.genesysqueuefeed.feed.BatchFailures;
import java.time.Clock;
import org.apache.camel.cluster.CamelClusterService;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Starts the feed: validates the configuration (one line and exit code 2 on a bad value), then runs Camel Main
 * with the YAML routes from {@code routes/} (one poll route per org from its template: OrgPipelines) and the beans
 * they use.
 *
 * <p>
 * Why this is long: it is the one place the beans are wired (Camel Main's registry before configure, the
 * context's after); the start-up summary, failure line and health wiring live in their own classes.
 */
public final class FeedApplication {


    private final FeedConfig config;
    private final ConfigSource source;
    private final Main main;
    private GenesysOrgs orgs;
    /** Errors on feed threads and the routes that must run: what /observe/health/live checks besides progress. */
    private final FatalErrors errors = new FatalErrors();
    private final ExpectedRoutes expectedRoutes = new ExpectedRoutes();

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
            System.err.println("genesys-queue-feed: configuration error: " + Masking.forLog(e.getMessage()));
            System.exit(2);
            return;
        }
        int exit;
        try {
            exit = app.main.run(args);
        } catch (Exception e) {
            // Camel has logged the details; the operator gets one line with the root cause
            System.err.println("genesys-queue-feed: start-up failed: " + Masking.forLog(startupFailure(e, app.config)));
            System.exit(1);
            return;
        }
        System.exit(exit);
    }

    /** The root cause of a failed start, with the key to look at when Kafka is the cause (StartupFailure). */
    static String startupFailure(Throwable failure, FeedConfig config) {
        return StartupFailure.describe(failure, config);
    }

    private Main createMain() {
        StartupSummary.log(config);
        Main camel = new Main();
        ObjectMapper json = Json.mapper();
        Clock clock = Clock.systemUTC();
        GenesysOrgs orgs = GenesysOrgs.create(config, clock);
        this.orgs = orgs;

        // Camel resolves {{placeholders}} from exactly the values FeedConfig validated
        Properties resolved = new Properties();
        resolved.putAll(source.asMap());
        // no route needs a secret as a placeholder: Camel never holds them, so no Camel logging can show them
        FeedKeys.secretKeys(source.asMap().keySet()).forEach(resolved::remove);
        resolved.putAll(ErrorPolicyProperties.of(config.resilience()));
        camel.setOverrideProperties(resolved);

        // our registry under the name camel-micrometer-prometheus looks for: Camel's and the feed's series in one scrape
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        FeedMetrics.register(metrics, orgs, config, clock);
        camel.bind("metricsRegistry", metrics);
        camel.bind("genesysOrgs", orgs);
        camel.bind("snapshotPlanner", new SnapshotPlanner());
        // the publisher reports every send here (KafkaPublisher); readiness and the log show it
        KafkaProblems kafkaProblems = new KafkaProblems(clock);
        camel.bind("kafkaProblems", kafkaProblems);
        BatchFailures batchFailures = new BatchFailures(orgs);
        camel.bind("batchFailures", batchFailures);
        camel.configure().addRoutesBuilder(new FatalErrorRouteConfiguration(errors, batchFailures::count));
        OrgPipelines pipelines = new OrgPipelines(config, orgs, clock, errors);
        HealthWiring health = new HealthWiring(config, orgs, clock, errors, expectedRoutes);
        camel.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport main) {
                CamelContext context = main.getCamelContext();
                // before any route is built: an Error in any step becomes the exchange's failure
                context.getCamelContextExtension().addInterceptStrategy(new ErrorsAsFailures());
                bindPipelineBeans(context, json, clock);
                pipelines.bindBeans(context);
                KafkaProducerSettings.apply(context.getComponent("kafka", KafkaComponent.class), config);
                KafkaPublisher publisher = bindPublisher(context, json, clock);
                FeedMetrics.registerPublisher(metrics, publisher);
                PushFeeds push = PushWiring.bind(context, config, orgs, publisher, metrics, clock);
                bindBatchPool(context);
                CamelClusterService cluster = LeaderElection.register(context, config.ha());
                health.registerReadinessChecks(context, cluster, alias -> push.get(alias).mode());
                HealthCheckRegistry.get(context).register(new KafkaReadinessCheck(kafkaProblems));
                HealthCheckRegistry.get(context).register(new KafkaBacklogCheck(publisher, clock));
                health.registerLivenessChecks(context, cluster);
                health.abandonBudgetWaitsOnStop(context);
            }

            @Override
            public void afterConfigure(BaseMainSupport main) {
                // the YAML (and its org-feed template) is loaded by now; the poll routes start with the others
                pipelines.instantiate(main.getCamelContext());
                health.trackLiveness(main.getCamelContext(),
                        SafeRouteReload.installOn(main.getCamelContext(), expectedRoutes, pipelines));
            }
        });
        return camel;
    }

    /** The beans routes/queue-feed.yaml refers to by name. */
    private void bindPipelineBeans(CamelContext context, ObjectMapper json, Clock clock) {
        StatusChanges changes = new StatusChanges(StatusChanges.Mode.parse(config.downstream().statusMode()),
                config.downstream().heartbeatPeriod(), clock);
        context.getRegistry().bind("statusChanges", changes);
        context.getRegistry().bind("statusRecords", new StatusRecords(json, context));
        context.getRegistry().bind("tombstones", new Tombstones(context));
        context.getRegistry().bind("queueAlerts",
                new AlertEvaluator(new AlertRulesFile(Path.of(config.downstream().alertRulesFile())), clock));
        context.getRegistry().bind("alertRecords", new AlertRecords(json, context));
        context.getRegistry().bind("deadLetters", new DeadLetters(orgs, json, clock));
        context.getRegistry().bind("observationRequest", new ObservationRequest());
        context.getRegistry().bind("genesysBudget", new GenesysBudgetStep(clock));
        context.getRegistry().bind("tokens", new TokenStep());
        context.getRegistry().bind("genesysCall", new ObservationCall(clock));
        context.getRegistry().bind("feedJson", json);             // the unmarshal step's ObjectMapper
        context.getRegistry().bind("orgMdc", (Processor) OrgMdc::enter);
        context.getRegistry().bind("eventExtraction", new EventExtraction(json, clock,
                context.getRegistry().lookupByNameAndType("batchFailures", BatchFailures.class),
                context.createProducerTemplate()));
        context.getRegistry().bind("retryCounter", new RetryCounter());
    }

    /**
     * The one way to Kafka (kafkaPublisher): started with the context, stopped after the routes (so the last
     * snapshot is handed over first), then it delivers what it can within the shutdown timeout.
     */
    private KafkaPublisher bindPublisher(CamelContext context, ObjectMapper json, Clock clock) {
        KafkaProblems problems = context.getRegistry().lookupByNameAndType("kafkaProblems", KafkaProblems.class);
        if (problems == null) {
            problems = new KafkaProblems(clock);
            context.getRegistry().bind("kafkaProblems", problems);
        }
        KafkaPublisher publisher = new KafkaPublisher(context, config, orgs, new DeadLetters(orgs, json, clock),
                problems, clock);
        context.getRegistry().bind("kafkaPublisher", publisher);
        publisher.attachTo(context);
        return publisher;
    }

    /**
     * routes/queue-feed.yaml splits a snapshot's batches onto this pool: each batch waits for Genesys and then for
     * Kafka's acks, so overlapping them shortens the snapshot. One pool for all orgs, but with no queue: when it is
     * full, a batch runs on its own org's snapshot thread (caller runs), so a slow org can never make another org's
     * batches wait in line behind its own.
     */
    private void bindBatchPool(CamelContext context) {
        ThreadPoolProfile batches = new ThreadPoolProfileBuilder("snapshot-batches")
                .poolSize(config.parallelBatches())
                .maxPoolSize(config.parallelBatches() * config.orgs().size())
                .maxQueueSize(0)
                .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns)
                .build();
        context.getRegistry().bind("snapshotBatchPool", OrgMdc.propagating( // batches log their org too
                new ErrorReportingExecutor(context.getExecutorServiceManager().newThreadPool(this, "snapshot-batches",
                        batches), errors, "snapshot-batches")));
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

    /** Each org's token, budget, queue list, circuit breaker and counters. */
    public GenesysOrgs orgs() {
        return orgs;
    }

    public FeedConfig config() {
        return config;
    }

    /** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM). */
    public int run() throws Exception {
        return main.run(new String[0]);
    }
}

package io.github.genesysqueuefeed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.config.ConfigException;
import io.github.genesysqueuefeed.config.ConfigSource;
import io.github.genesysqueuefeed.config.FeedConfig;
import io.github.genesysqueuefeed.config.FeedConfigLoader;
import io.github.genesysqueuefeed.secrets.Masking;
import io.github.genesysqueuefeed.logging.OrgMdc;
import io.github.genesysqueuefeed.config.KafkaSecurityKeys;
import io.github.genesysqueuefeed.ops.ErrorReportingExecutor;
import io.github.genesysqueuefeed.ops.ExpectedRoutes;
import io.github.genesysqueuefeed.ops.FatalErrors;
import io.github.genesysqueuefeed.ops.FeedLivenessCheck;
import io.github.genesysqueuefeed.ops.FeedMetrics;
import io.github.genesysqueuefeed.ops.SafeRouteReload;
import io.github.genesysqueuefeed.ops.SnapshotProgressCheck;
import io.github.genesysqueuefeed.ops.LeaderElection;
import io.github.genesysqueuefeed.ops.FeedReadinessCheck;
import io.github.genesysqueuefeed.feed.GenesysOrg;
import io.github.genesysqueuefeed.feed.GenesysOrgs;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.SimpleEventNotifierSupport;
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
import io.github.genesysqueuefeed.GenesysRoutes;
import io.github.genesysqueuefeed.feed.SnapshotPlanner;
import io.github.genesysqueuefeed.feed.EventExtraction;
import io.github.genesysqueuefeed.feed.ObservationRequest;
import io.github.genesysqueuefeed.feed.RetryCounter;
import io.github.genesysqueuefeed.feed.BatchFailures;
import io.github.genesysqueuefeed.config.Durations;
import io.github.genesysqueuefeed.config.OrgConfig;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.camel.cluster.CamelClusterService;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Starts the feed: validates the configuration (one line and exit code 2 on a bad value), then runs Camel Main
 * with the Java routes, the YAML routes from {@code routes/} and the beans they use.
 */
public final class FeedApplication {

    private static final Logger LOG = LoggerFactory.getLogger(FeedApplication.class);

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
        Masking.registerConfigSecrets(source.asMap()); // masked even where a secret was pasted into the wrong key
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

    /** The root cause of a failed start, with the key to look at when Kafka is the cause. */
    static String startupFailure(Throwable failure, FeedConfig config) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root instanceof java.nio.file.NoSuchFileException) {
            return "no such file or folder: " + message + " (the YAML routes are read from routes/ in the working "
                    + "directory: start the feed from its folder, or set CAMEL_MAIN_ROUTES_INCLUDE_PATTERN and "
                    + "CAMEL_MAIN_ROUTES_RELOAD_DIRECTORY)";
        }
        for (Throwable cause = failure; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            // a truststore or keystore the producer cannot open: name the file and the keys, not only "password incorrect"
            if (cause.getClass().getName().startsWith("org.apache.kafka") && cause.getMessage() != null
                    && cause.getMessage().startsWith("Failed to load SSL keystore")) {
                return cause.getMessage() + ": " + message + " (check kafka.ssl.truststore.password and "
                        + "kafka.ssl.truststore.type, or kafka.ssl.keystore.* if it is the client certificate)";
            }
        }
        if (root.getClass().getName().startsWith("org.apache.kafka")) {
            return message + " (kafka.brokers=" + config.kafkaBrokers() + ")";
        }
        return message;
    }

    /** One line per org at start-up: what the feed will do, never the secret. */
    private static void logSummary(FeedConfig config) {
        for (OrgConfig org : config.orgs()) {
            LOG.info("org '{}': {} every {}, {} queues per query, at most {} calls/min; api {}, login {}, client {}",
                    org.alias(), org.discoversQueues() ? "all visible queues" + (org.queueNameFilter() == null ? ""
                            : " named " + org.queueNameFilter()) : org.queueIds().size() + " configured queues",
                    Durations.format(org.pollPeriod()), org.batchSize(), org.requestsPerMinute(),
                    Masking.maskAll(org.apiUrl()), Masking.maskAll(org.loginUrl()), org.clientId());
        }
        LOG.info("kafka {} ({}): status -> {} ({}), alerts -> {}, dead letters -> {}; leader election: {}",
                Masking.maskAll(config.kafkaBrokers()), config.kafkaSecurity().describe(), config.statusTopic(),
                config.downstream().statusMode(), config.alertsTopic(), config.deadLetterTopic(), config.ha().mode());
    }

    private Main createMain() {
        logSummary(config);
        Main camel = new Main();
        ObjectMapper json = Json.mapper();
        Clock clock = Clock.systemUTC();
        GenesysOrgs orgs = GenesysOrgs.create(config, clock);
        this.orgs = orgs;

        // Camel resolves {{placeholders}} from exactly the values FeedConfig validated
        Properties resolved = new Properties();
        resolved.putAll(source.asMap());
        // no route needs the Kafka secrets as placeholders: Camel never holds them, so no Camel logging can show them
        KafkaSecurityKeys.secretKeys(source.asMap().keySet()).forEach(resolved::remove);
        resolved.putAll(ErrorPolicyProperties.of(config.resilience()));
        camel.setOverrideProperties(resolved);

        // our registry under the name camel-micrometer-prometheus looks for: Camel's and the feed's series in one scrape
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        FeedMetrics.register(metrics, orgs, config, clock);
        camel.bind("metricsRegistry", metrics);
        camel.bind("feedConfig", config);
        camel.bind("genesysOrgs", orgs);
        camel.bind("snapshotPlanner", new SnapshotPlanner(orgs));
        // the publisher reports every send here (KafkaPublisher); readiness and the log show it
        KafkaProblems kafkaProblems = new KafkaProblems(clock);
        camel.bind("kafkaProblems", kafkaProblems);
        BatchFailures batchFailures = new BatchFailures(orgs);
        camel.bind("batchFailures", batchFailures);
        orgs.all().forEach(org -> camel.bind(GenesysRoutes.circuitName(org.alias()), org.circuit()));
        camel.configure().addRoutesBuilder(new FatalErrorRouteConfiguration(errors, batchFailures::count));
        camel.configure().addRoutesBuilder(new GenesysRoutes(config, orgs, json, clock, errors));
        camel.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport main) {
                CamelContext context = main.getCamelContext();
                // before any route is built: an Error in any step becomes the exchange's failure
                context.getCamelContextExtension().addInterceptStrategy(new ErrorsAsFailures());
                bindPipelineBeans(context, json, clock);
                KafkaProducerSettings.apply(context.getComponent("kafka", KafkaComponent.class), config);
                KafkaPublisher publisher = bindPublisher(context, json, clock);
                FeedMetrics.registerPublisher(metrics, publisher);
                bindBatchPool(context);
                CamelClusterService cluster = LeaderElection.register(context, config.ha());
                registerReadinessChecks(context, clock, cluster);
                HealthCheckRegistry.get(context).register(new KafkaReadinessCheck(kafkaProblems));
                HealthCheckRegistry.get(context).register(new KafkaBacklogCheck(publisher, clock));
                registerLivenessChecks(context, clock, cluster);
                abandonBudgetWaitsOnStop(context);
            }

            @Override
            public void afterConfigure(BaseMainSupport main) {
                trackLiveness(main.getCamelContext(), SafeRouteReload.installOn(main.getCamelContext(), expectedRoutes));
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
        context.getRegistry().bind("tombstones", new Tombstones(context, changes));
        context.getRegistry().bind("queueAlerts",
                new AlertEvaluator(new AlertRulesFile(Path.of(config.downstream().alertRulesFile()))));
        context.getRegistry().bind("alertRecords", new AlertRecords(json, context));
        context.getRegistry().bind("deadLetters", new DeadLetters(orgs, json, clock));
        context.getRegistry().bind("observationRequest", new ObservationRequest(orgs));
        context.getRegistry().bind("eventExtraction", new EventExtraction(json, clock,
                context.getRegistry().lookupByNameAndType("batchFailures", BatchFailures.class)));
        context.getRegistry().bind("retryCounter", new RetryCounter(orgs));
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

    /** Per org: ready while it has recent snapshots, or while another instance is the one polling it. */
    private void registerReadinessChecks(CamelContext context, Clock clock, CamelClusterService cluster) {
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        for (GenesysOrg org : orgs.all()) {
            String namespace = GenesysRoutes.leadershipNamespace(org.alias());
            health.register(new FeedReadinessCheck(org, clock, () -> cluster == null || cluster.isLeader(namespace)));
        }
    }

    /**
     * Liveness, kept apart from readiness: per org, whether the feed still moves on while this instance polls it; for
     * the feed, no Error on any thread and every route running.
     */
    private void registerLivenessChecks(CamelContext context, Clock clock, CamelClusterService cluster) {
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        for (GenesysOrg org : orgs.all()) {
            String namespace = GenesysRoutes.leadershipNamespace(org.alias());
            health.register(new SnapshotProgressCheck(org, clock, () -> cluster == null || cluster.isLeader(namespace),
                    config.livenessStuckAfter()));
        }
        health.register(new FeedLivenessCheck(errors, expectedRoutes));
    }

    /**
     * Once started, the running routes are the ones that must keep running (and, with reloading on, each routes file's
     * last good version); Errors on threads nobody catches are reported from then until the feed stops.
     */
    private void trackLiveness(CamelContext context, SafeRouteReload reload) {
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStartedEvent) {
                    expectedRoutes.rememberRunning(context);
                    if (reload != null) {
                        reload.rememberRunning();
                    }
                    errors.listen();
                } else if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                    errors.stopListening();
                }
            }
        });
    }

    /**
     * On stop, batches waiting for the budget (a long Retry-After) give up at once, so graceful shutdown is not held
     * up by a wait whose call would come too late anyway.
     */
    private void abandonBudgetWaitsOnStop(CamelContext context) {
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                    orgs.all().forEach(org -> org.budget().stop());
                }
            }
        });
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

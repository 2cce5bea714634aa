package io.github.genesysqueuefeed.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every configuration key of the feed, declared once: name, kind and range, default, secret or not, and the meaning
 * README.md's configuration table shows.
 * Why this is long: it is the table, one declaration per key, by area.
 * {@link ConfigReader} validates by it, {@link ConfigSource} maps environment variables by it, the loader registers
 * its secrets for masking, and tests check application.properties and README.md's table against it.
 *
 * <p><b>Adding a key</b>, e.g. {@code genesys.push.heartbeat-timeout}:
 * <ol>
 * <li>declare it below, in its area: {@code public static final ConfigKey PUSH_HEARTBEAT_TIMEOUT =
 * key("genesys.push.heartbeat-timeout").duration("1s", "10m").byDefault("90s").describe("what it does");}
 * ({@code .integer(min, max)}, {@code .bytes(..)}, {@code .oneOf("poll", "push")}, {@code .kind(Kind.URL)}...;
 * {@code .secret()} for a secret; {@code .perOrgOrShared()} if each org may set its own, then name it in
 * {@link #ORG_KEY}'s meaning too);</li>
 * <li>add its line, with a comment, to src/main/resources/application.properties: the same default, or
 * {@code key=} when it has none (FeedKeysTest fails, listing the table's lines, when the two differ);</li>
 * <li>run DocumentationTest and paste the table it prints over README.md's configuration table;</li>
 * <li>read it in {@link FeedConfigLoader}, e.g. {@code read.duration(PUSH_HEARTBEAT_TIMEOUT)}, into FeedConfig.</li>
 * </ol>
 * The environment variable (GENESYS_PUSH_HEARTBEAT_TIMEOUT), the range check with its one-line error naming the
 * key, and masking of a secret come with the declaration. Checks that span keys (a SASL protocol needs a mechanism)
 * stay explicit rules in the loader or KafkaSecurityKeys.
 */
public final class FeedKeys {

    private static final List<ConfigKey> TABLE = new ArrayList<>();

    private static ConfigKey.Builder key(String name) {
        return ConfigKey.builder(name, TABLE::add);
    }

    // --- Genesys org ---------------------------------------------------------------------------------------------
    public static final ConfigKey REGION = key("genesys.region").oneOf(Region.KNOWN.toArray(String[]::new))
            .example("mypurecloud.ie").perOrg()
            .describe("region key, derives `https://api.<region>` and `https://login.<region>`");
    public static final ConfigKey API_URL = key("genesys.api-url").kind(ConfigKey.Kind.URL).perOrg()
            .example("https://api.mypurecloud.com").shownDefault("from region")
            .describe("explicit API base URL (proxies, tests, the simulator)");
    public static final ConfigKey LOGIN_URL = key("genesys.login-url").kind(ConfigKey.Kind.URL).perOrg()
            .example("https://login.mypurecloud.com").shownDefault("from region")
            .describe("explicit login base URL (proxies, tests, the simulator)");
    public static final ConfigKey CLIENT_ID = key("genesys.client-id").perOrg()
            .example("0a1b2c3d-1111-4222-8333-444455556666").describe("OAuth client id (client credentials grant)");
    public static final ConfigKey CLIENT_SECRET = key("genesys.client-secret").perOrg().secret()
            .example("the OAuth client's secret, e.g. from a Kubernetes Secret").describe("OAuth client secret");
    public static final ConfigKey QUEUE_IDS = key("genesys.queue-ids").kind(ConfigKey.Kind.UUIDS).perOrg()
            .example("1f3c2d6e-0000-4000-8000-000000000001").shownDefault("(empty)")
            .describe("comma-separated queue ids; empty = every queue the client can see");
    public static final ConfigKey QUEUE_NAME_FILTER = key("genesys.queue-name-filter").perOrg().shownDefault("(empty)")
            .describe("narrow discovery by queue name pattern (`*Support*`)");
    public static final ConfigKey DIVISION_IDS = key("genesys.division-ids").kind(ConfigKey.Kind.UUIDS).perOrg()
            .example("1f3c2d6e-0000-4000-8000-000000000001").shownDefault("(empty)")
            .describe("narrow discovery to these division ids (comma-separated)");
    public static final ConfigKey POLL_PERIOD = key("genesys.poll-period").duration("100ms", "1h").byDefault("10s")
            .perOrgOrShared().describe("time between snapshots (`500ms`, `10s`, `1m`, `PT10S`)");
    public static final ConfigKey BATCH_SIZE = key("genesys.batch-size").integer(1, 200).byDefault("100")
            .perOrgOrShared().describe("the smallest batch of queues per observations query (Genesys rejects around 200 "
                    + "predicates); the feed grows it by itself, up to 200, when the queue count needs it to keep the "
                    + "period within the budget ([Batching and the budget](#batching-and-the-budget))");
    public static final ConfigKey REQUESTS_PER_MINUTE = key("genesys.requests-per-minute").integer(1, 300)
            .byDefault("240").perOrgOrShared().describe("the feed's ceiling on API calls per token (Genesys allows 300)");
    public static final ConfigKey ORGS = key("genesys.orgs").shownDefault("(empty)").example("emea,us-east")
            .describe("several orgs: aliases (lower-case letters, digits, dashes), each configured with "
                    + "`genesys.orgs.<alias>.*`");
    public static final ConfigKey ORG_KEY = key(OrgKeys.ORGS + ".<alias>.<key>").notInProperties()
            .describe("one org's own `region`, `api-url`, `login-url`, `client-id`, `client-secret` (a secret), "
                    + "`queue-ids`, `queue-name-filter`, `division-ids`; `poll-period`, `batch-size` and "
                    + "`requests-per-minute` fall back to the shared `genesys.*` value");

    // --- Push (Notifications API) --------------------------------------------------------------------------------
    public static final ConfigKey MODE = key("genesys.mode").oneOf("push", "poll").byDefault("push").example("poll")
            .describe("`push`: Genesys notifications (websocket) carry each change, an observations query only "
                    + "reconciles; `poll`: an observations query every poll period");
    public static final ConfigKey PUSH_RECONCILE_PERIOD = key("genesys.push.reconcile-period").duration("10s", "24h")
            .byDefault("5m").describe("in `push` mode, a full observations query this often (and at start-up and "
                    + "after every reconnect), so a missed notification cannot leave a queue wrong for long");
    public static final ConfigKey PUSH_HEARTBEAT_TIMEOUT = key("genesys.push.heartbeat-timeout")
            .duration("5s", "10m").byDefault("60s").describe("in `push` mode, a notification socket silent this long "
                    + "(Genesys sends a heartbeat every 30 s) is taken for dead and opened again");

    // --- Genesys calls -------------------------------------------------------------------------------------------
    public static final ConfigKey PARALLEL_BATCHES = key("genesys.parallel-batches").integer(1, 32).byDefault("4")
            .describe("batches of one snapshot queried and published at the same time (1 = one after the other)");
    public static final ConfigKey QUEUE_REFRESH_PERIOD = key("genesys.queue-refresh-period").duration("1s", "24h")
            .byDefault("5m").describe("how often discovery runs again and names are looked up again");
    public static final ConfigKey CONNECT_TIMEOUT = key("genesys.http.connect-timeout").duration("100ms", "5m")
            .byDefault("5s").describe("timeout of connecting, for every Genesys call");
    public static final ConfigKey READ_TIMEOUT = key("genesys.http.read-timeout").duration("100ms", "5m")
            .byDefault("10s").describe("timeout of the whole call, request sent to the answer's last byte (not only "
                    + "inactivity), for every Genesys call");
    public static final ConfigKey PROXY = key("genesys.http.proxy").shownDefault("(empty)")
            .alsoFromVariables("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")
            .describe("egress proxy of every Genesys call, `http://[user:password@]host:port`; empty = the "
                    + "variables. The password is never logged. See [Behind a proxy](#behind-a-proxy)");
    public static final ConfigKey NON_PROXY_HOSTS = key("genesys.http.non-proxy-hosts").shownDefault("(empty)")
            .alsoFromVariables("NO_PROXY", "no_proxy")
            .describe("hosts that skip the proxy, comma-separated (`api.example.com`, `*.example.com`)");
    public static final ConfigKey MAX_RESPONSE_BYTES = key("genesys.http.max-response-bytes")
            .bytes(64 * 1024, 1024 * 1024 * 1024).byDefault("16777216")
            .describe("the longest Genesys answer read (16 MiB, many times an observations answer for 200 queues); "
                    + "a longer one is refused and its batch dead-lettered");
    public static final ConfigKey AUTH_FAILURE_BACKOFF = key("genesys.auth-failure-backoff").duration("0s", "1h")
            .byDefault("60s").describe("after Genesys rejects the credentials, wait this long before logging in again");

    // --- Resilience ----------------------------------------------------------------------------------------------
    public static final ConfigKey RETRY_MAX_ATTEMPTS = key("genesys.retry.max-attempts").integer(1, 100)
            .byDefault("5").describe("attempts per batch for 429, 502/503/504 and timeouts, then the dead-letter topic");
    public static final ConfigKey RETRY_INITIAL_DELAY = key("genesys.retry.initial-delay").duration("0s", "10m")
            .byDefault("1s").describe("back-off after 5xx and timeouts: doubles per attempt, with jitter, capped by "
                    + "`genesys.retry.max-delay`");
    public static final ConfigKey RETRY_MAX_DELAY = key("genesys.retry.max-delay").duration("0s", "1h")
            .byDefault("30s").describe("cap of that back-off; also the longest a 429's `Retry-After` pauses the token");
    public static final ConfigKey RETRY_RATE_LIMIT_BACKOFF = key("genesys.retry.rate-limit-backoff")
            .duration("0s", "10m").byDefault("3s").describe("first wait after a 429 without `Retry-After`; doubles per attempt");
    public static final ConfigKey CIRCUIT_FAILURE_THRESHOLD = key("genesys.circuit.failure-threshold")
            .integer(1, 1000).byDefault("5").describe("failed snapshots in a row that open the circuit");
    public static final ConfigKey CIRCUIT_OPEN_PERIOD = key("genesys.circuit.open-period").duration("100ms", "1h")
            .byDefault("60s").describe("while open, one trial snapshot per period until one succeeds");

    // --- Kafka ---------------------------------------------------------------------------------------------------
    public static final ConfigKey BROKERS = key("kafka.brokers").kind(ConfigKey.Kind.HOST_PORTS)
            .byDefault("localhost:9092").example("kafka-1:9092,kafka-2:9092").setsProducerProperty("bootstrap.servers")
            .describe("bootstrap servers, `host:port` comma-separated");
    public static final ConfigKey TOPIC_STATUS = key("kafka.topic.status").kind(ConfigKey.Kind.TOPIC)
            .byDefault("genesys.queue.status").describe("queue-status events (key = queue id)");
    public static final ConfigKey TOPIC_ALERTS = key("kafka.topic.alerts").kind(ConfigKey.Kind.TOPIC)
            .byDefault("genesys.queue.alerts").describe("threshold alerts");
    public static final ConfigKey TOPIC_DEAD_LETTER = key("kafka.topic.dead-letter").kind(ConfigKey.Kind.TOPIC)
            .byDefault("genesys.queue.dead-letter").describe("what could not be processed, with the reason");
    public static final ConfigKey DELIVERY_TIMEOUT_MS = key("kafka.producer.delivery-timeout-ms")
            .integer(1_000, Integer.MAX_VALUE).byDefault("300000").setsProducerProperty("delivery.timeout.ms")
            .describe("one attempt: how long the producer retries a record itself before the publisher sends it "
                    + "again (after 1 s, doubling to 15 s, for as long as the broker is away)");
    public static final ConfigKey BUFFER_MEMORY = key("kafka.producer.buffer-memory")
            .bytes(1_048_576, Integer.MAX_VALUE).byDefault("33554432").setsProducerProperty("buffer.memory")
            .describe("the buffer of the feed's one Kafka producer (every topic goes through it)");
    public static final ConfigKey MAX_BLOCK_MS = key("kafka.producer.max-block-ms").integer(0, 3_600_000)
            .byDefault("5000").setsProducerProperty("max.block.ms")
            .describe("one attempt: how long a send waits for metadata (a missing topic) or buffer space");
    public static final ConfigKey OUTAGE_MAX_BUFFERED = key("kafka.outage.max-buffered")
            .bytes(1_024, 17_179_869_184L).byDefault("67108864")
            .describe("snapshots held while Kafka is away, in compressed bytes (64 MiB: a 15-minute outage at 5,000 "
                    + "queues every 10 s); beyond it the oldest are dropped whole and counted");
    public static final ConfigKey MAX_REQUEST_SIZE = key("kafka.producer.properties.max.request.size")
            .bytes(1_024, Integer.MAX_VALUE).byDefault("1048576").notInProperties()
            .describe("the largest record sent (Kafka's own default); a larger one goes to the dead-letter topic");
    public static final ConfigKey PRODUCER_PROPERTY = key("kafka.producer.properties.<kafka-key>").notInProperties()
            .describe("any other producer property, passed through as is (see below); values of names holding "
                    + "`password`, `secret`, `jaas`, `token` or `credentials` are secrets");

    // --- Secured Kafka (cross-key rules: KafkaSecurityKeys) ------------------------------------------------------
    public static final ConfigKey SECURITY_PROTOCOL = key("kafka.security.protocol")
            .oneOf("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL").byDefault("PLAINTEXT").example("SASL_SSL")
            .setsProducerProperty("security.protocol")
            .describe("`PLAINTEXT`, `SSL`, `SASL_PLAINTEXT` or `SASL_SSL` (see [Secured Kafka](#secured-kafka))");
    public static final ConfigKey SASL_MECHANISM = key("kafka.sasl.mechanism")
            .oneOf("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER", "AWS_MSK_IAM", "GSSAPI")
            .example("SCRAM-SHA-512").setsProducerProperty("sasl.mechanism")
            .describe("required with a SASL protocol; `AWS_MSK_IAM` and `GSSAPI` need `kafka.sasl.jaas-config`");
    public static final ConfigKey SASL_USERNAME = key("kafka.sasl.username").example("feed")
            .describe("PLAIN and SCRAM user; the feed builds the JAAS line");
    public static final ConfigKey SASL_PASSWORD = key("kafka.sasl.password").secret()
            .describe("PLAIN and SCRAM password");
    public static final ConfigKey SASL_JAAS_CONFIG = key("kafka.sasl.jaas-config").secret()
            .setsProducerProperty("sasl.jaas.config").describe("the whole JAAS line instead of username and password "
                    + "(OAUTHBEARER client credentials, MSK IAM, Kerberos)");
    public static final ConfigKey TRUSTSTORE_LOCATION = key("kafka.ssl.truststore.location")
            .example("/etc/kafka/truststore.p12").setsProducerProperty("ssl.truststore.location")
            .describe("CA certificates to trust; empty = the JVM's public CAs");
    public static final ConfigKey TRUSTSTORE_PASSWORD = key("kafka.ssl.truststore.password").secret()
            .setsProducerProperty("ssl.truststore.password").describe("the truststore's password (none for PEM)");
    public static final ConfigKey TRUSTSTORE_TYPE = key("kafka.ssl.truststore.type").oneOf("JKS", "PKCS12", "PEM")
            .example("PKCS12").shownDefault("from the file name").setsProducerProperty("ssl.truststore.type")
            .describe("`.pem`/`.crt` PEM, `.p12`/`.pfx` PKCS12, else JKS");
    public static final ConfigKey KEYSTORE_LOCATION = key("kafka.ssl.keystore.location")
            .example("/etc/kafka/client.p12").setsProducerProperty("ssl.keystore.location")
            .describe("client certificate and key for mutual TLS");
    public static final ConfigKey KEYSTORE_PASSWORD = key("kafka.ssl.keystore.password").secret()
            .setsProducerProperty("ssl.keystore.password").describe("the keystore's password (none for PEM)");
    public static final ConfigKey KEYSTORE_TYPE = key("kafka.ssl.keystore.type").oneOf("JKS", "PKCS12", "PEM")
            .example("PKCS12").shownDefault("from the file name").setsProducerProperty("ssl.keystore.type")
            .describe("as the truststore's");
    public static final ConfigKey KEY_PASSWORD = key("kafka.ssl.key.password").secret()
            .setsProducerProperty("ssl.key.password").describe("the client key's password, if it has its own");

    // --- Downstream ----------------------------------------------------------------------------------------------
    public static final ConfigKey STATUS_MODE = key("kafka.status.mode").oneOf("every-snapshot", "on-change")
            .byDefault("every-snapshot").example("on-change")
            .describe("`on-change`: publish a queue only when its numbers changed, plus heartbeats");
    public static final ConfigKey HEARTBEAT_PERIOD = key("kafka.status.heartbeat-period").duration("100ms", "24h")
            .byDefault("60s").describe("in `on-change` mode, an unchanged queue is re-published at least this often");
    public static final ConfigKey ALERT_RULES_FILE = key("alerts.rules-file").byDefault("config/alert-rules.yaml")
            .describe("threshold alert rules, re-read when the file changes");

    // --- Operations ----------------------------------------------------------------------------------------------
    public static final ConfigKey HA_MODE = key("feed.ha.mode").oneOf("none", "file", "kubernetes").byDefault("none")
            .example("kubernetes").describe("leader election between instances: `none`, `file` (lock folder "
                    + "`feed.ha.file.root`) or `kubernetes` (a Lease)");
    public static final ConfigKey HA_FILE_ROOT = key("feed.ha.file.root").byDefault("data/cluster")
            .describe("`file` mode: the lock folder shared by the instances");
    public static final ConfigKey HA_ACQUIRE_LOCK_INTERVAL = key("feed.ha.acquire-lock-interval")
            .duration("100ms", "5m").example("5s").shownDefault("half the poll period (at most 10s)")
            .describe("how often a follower checks on the leader");
    public static final ConfigKey HA_NAMESPACE = key("feed.ha.kubernetes.namespace").byDefault("default")
            .describe("where the Lease (and the feed's pods) live");
    public static final ConfigKey HA_POD_NAME = key("feed.ha.kubernetes.pod-name").shownDefault("`$HOSTNAME`")
            .describe("who holds the Lease: this pod's name (downward API `metadata.name`)");
    public static final ConfigKey HA_POD_LABELS = key("feed.ha.kubernetes.pod-labels").kind(ConfigKey.Kind.LABELS)
            .byDefault("app=genesys-queue-feed").describe("labels of the feed's own pods (`key=value,...`): only "
                    + "those pods are candidates");
    public static final ConfigKey LIVENESS_STUCK_AFTER = key("feed.liveness.stuck-after").integer(2, 1000)
            .byDefault("6").describe("poll periods without progress (no snapshot completed, no Genesys call) after "
                    + "which liveness fails");

    // --- Camel runtime (passed to Camel Main as they are; Camel checks them) -------------------------------------
    static {
        key("camel.main.name").byDefault("genesys-queue-feed").describe("the Camel context's name");
        key("camel.main.routes-include-pattern").byDefault("file:routes/*.yaml")
                .describe("the YAML routes ops edit, relative to the working directory");
        key("camel.main.shutdown-timeout").byDefault("30").describe("seconds a graceful stop waits for in-flight work");
        key("camel.main.message-history").byDefault("false").describe("Camel's message history (off: it costs memory)");
        key("camel.main.log-mask").byDefault("true").describe("Camel masks secrets in its tracer and log EIP");
        key("camel.main.routes-reload-enabled").byDefault("true").describe("reload `routes/*.yaml` when a file changes");
        key("camel.main.routes-reload-directory").byDefault("routes").describe("the folder watched for reloads");
        key("camel.main.routes-reload-pattern").byDefault("*.yaml").describe("the files watched for reloads");
        key("camel.main.routes-reload-remove-all-routes").byDefault("false")
                .describe("keep `false`: `true` would also remove the poll routes made from the org-feed template");
    }
    public static final ConfigKey MANAGEMENT_PORT = key("camel.management.port").byDefault("9876")
            .describe("health and metrics server");
    public static final ConfigKey MANAGEMENT_HOST = key("camel.management.host").byDefault("0.0.0.0")
            .describe("the management server's bind address (see Operations: probes need the pod address)");
    static {
        key("camel.management.enabled").byDefault("true").describe("serve `/observe/health` and `/observe/metrics`");
        key("camel.management.health-check-enabled").byDefault("true").describe("the health endpoint");
        key("camel.management.metrics-enabled").byDefault("true").describe("the Prometheus endpoint");
        key("camel.metrics.enabled").byDefault("true").describe("Camel's Micrometer metrics");
        key("camel.metrics.binders").byDefault("jvm-memory,jvm-gc,jvm-threads,processor,uptime")
                .describe("the JVM and process meters published");
        key("camel.health.enabled").byDefault("true").describe("Camel's health checks");
        key("camel.health.producers-enabled").byDefault("true")
                .describe("Kafka reachability counts for readiness (camel-kafka's producer check)");
        key("camel.health.exposure-level").byDefault("full").describe("the health body names every check and why "
                + "a failing one fails");
    }

    private FeedKeys() {
    }

    /** Every declaration, in the order of this class (README's order). */
    public static List<ConfigKey> all() {
        return List.copyOf(TABLE);
    }

    /** The declaration {@code name} is checked by: its own, a per-org key's shared one, or the pass-through pattern. */
    public static Optional<ConfigKey> find(String name) {
        for (ConfigKey key : TABLE) {
            if (key.name().equals(name)) {
                return Optional.of(key);
            }
        }
        String orgPrefix = OrgKeys.ORGS + ".";
        if (name.startsWith(orgPrefix) && name.indexOf('.', orgPrefix.length()) > 0) {
            String suffix = name.substring(name.indexOf('.', orgPrefix.length()) + 1);
            return TABLE.stream().filter(k -> k.perOrg() && k.orgSuffix().equals(suffix)).findFirst();
        }
        return name.startsWith(KafkaSecurityKeys.PRODUCER_PROPERTIES) ? Optional.of(PRODUCER_PROPERTY) : Optional.empty();
    }

    /** Is the value of {@code name} a secret: a secret key, one org's, or a secret-looking pass-through. */
    public static boolean isSecret(String name) {
        Optional<ConfigKey> key = find(name);
        if (key.isPresent() && key.get() == PRODUCER_PROPERTY) {
            String kafkaKey = name.substring(KafkaSecurityKeys.PRODUCER_PROPERTIES.length()).toLowerCase(Locale.ROOT);
            return Set.of("password", "secret", "jaas", "token", "credentials").stream().anyMatch(kafkaKey::contains);
        }
        return key.map(ConfigKey::secret).orElse(false);
    }

    /** Of {@code names}, those whose values are secrets, in the given order. */
    public static List<String> secretKeys(Collection<String> names) {
        return names.stream().filter(FeedKeys::isSecret).toList();
    }

    /** The suffixes an org may set as {@code genesys.orgs.<alias>.<suffix>}. */
    static List<String> perOrgSuffixes() {
        return TABLE.stream().filter(ConfigKey::perOrg).map(ConfigKey::orgSuffix).toList();
    }

    /** Producer property -> the key of ours that sets it. */
    static Map<String, String> ownedProducerProperties() {
        return TABLE.stream().filter(k -> k.producerProperty() != null)
                .collect(Collectors.toMap(ConfigKey::producerProperty, ConfigKey::name));
    }
}

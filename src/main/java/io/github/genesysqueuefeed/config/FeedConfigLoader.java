package io.github.genesysqueuefeed.config;

import io.github.genesysqueuefeed.genesys.EgressProxy;
import io.github.genesysqueuefeed.secrets.Secret;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a {@link ConfigSource} into a {@link FeedConfig}, or stops at the first bad value with a
 * {@link ConfigException} whose one-line message names the key and shows a good value.
 */
public final class FeedConfigLoader {

    private static final Pattern QUEUE_ID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern ALIAS = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern BROKER = Pattern.compile("[^\\s,:]+:\\d{1,5}");
    private static final String EXAMPLE_QUEUE_ID = "1f3c2d6e-0000-4000-8000-000000000001";

    /** Genesys rejects observation queries with too many predicates (around 200). */
    public static final int MAX_BATCH_SIZE = 200;
    /** Genesys' own ceiling per token. */
    public static final int GENESYS_REQUESTS_PER_MINUTE = 300;

    private final ConfigSource source;

    private FeedConfigLoader(ConfigSource source) {
        this.source = source;
    }

    public static FeedConfig load(ConfigSource source) {
        return new FeedConfigLoader(source).load();
    }

    private FeedConfig load() {
        List<String> aliases = OrgKeys.aliases(source);
        List<OrgConfig> orgs = new ArrayList<>();
        if (aliases.isEmpty()) {
            orgs.add(org(OrgKeys.DEFAULT_ALIAS, "genesys."));
        } else {
            for (String alias : aliases) {
                if (!ALIAS.matcher(alias).matches()) {
                    throw new ConfigException(OrgKeys.ORGS, "'" + shorten(alias) + "' is not a valid org alias "
                            + "(lower-case letters, digits and dashes)", "genesys.orgs=emea,us-east");
                }
                orgs.add(org(alias, OrgKeys.ORGS + "." + alias + "."));
            }
        }
        return new FeedConfig(
                List.copyOf(orgs),
                duration("genesys.http.connect-timeout", "5s", Duration.ofMillis(100), Duration.ofMinutes(5)),
                duration("genesys.http.read-timeout", "10s", Duration.ofMillis(100), Duration.ofMinutes(5)),
                duration("genesys.auth-failure-backoff", "60s", Duration.ZERO, Duration.ofHours(1)),
                duration("genesys.queue-refresh-period", "5m", Duration.ofSeconds(1), Duration.ofDays(1)),
                new ResilienceConfig(
                        integer("genesys.retry.max-attempts", 5, 1, 100),
                        duration("genesys.retry.initial-delay", "1s", Duration.ZERO, Duration.ofMinutes(10)),
                        duration("genesys.retry.max-delay", "30s", Duration.ZERO, Duration.ofHours(1)),
                        duration("genesys.retry.rate-limit-backoff", "3s", Duration.ZERO, Duration.ofMinutes(10)),
                        integer("genesys.circuit.failure-threshold", 5, 1, 1000),
                        duration("genesys.circuit.open-period", "60s", Duration.ofMillis(100), Duration.ofHours(1))),
                ha(orgs),
                downstream(),
                brokers(),
                new ProducerConfig(
                        integer("kafka.producer.delivery-timeout-ms", 300_000, 1_000, Integer.MAX_VALUE),
                        integer("kafka.producer.buffer-memory", 33_554_432, 1_048_576, Integer.MAX_VALUE),
                        integer("kafka.producer.max-block-ms", 5_000, 0, 3_600_000),
                        longInteger("kafka.outage.max-buffered", 67_108_864L, 1_024L, 17_179_869_184L),
                        integer("kafka.producer.properties.max.request.size", 1_048_576, 1_024, Integer.MAX_VALUE)),
                topic("kafka.topic.status", "genesys.queue.status"),
                topic("kafka.topic.alerts", "genesys.queue.alerts"),
                topic("kafka.topic.dead-letter", "genesys.queue.dead-letter"),
                integer("genesys.parallel-batches", 4, 1, 32),
                proxy(),
                integer("genesys.http.max-response-bytes", 16 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
                KafkaSecurityKeys.load(source),
                integer("feed.liveness.stuck-after", 6, 2, 1000));
    }

    /** {@code genesys.http.proxy}, else the conventional proxy variables (ConfigSource carries them). */
    private io.github.genesysqueuefeed.genesys.EgressProxy proxy() {
        Map<String, String> environment = new java.util.HashMap<>();
        for (String name : io.github.genesysqueuefeed.genesys.EgressProxy.ENVIRONMENT) {
            source.get(name).ifPresent(value -> environment.put(name, value));
        }
        return io.github.genesysqueuefeed.genesys.EgressProxy.from(
                source.get(io.github.genesysqueuefeed.genesys.EgressProxy.KEY).orElse(null),
                source.get(io.github.genesysqueuefeed.genesys.EgressProxy.NON_PROXY_KEY).orElse(null), environment);
    }

    private OrgConfig org(String alias, String prefix) {
        String regionKey = prefix + "region";
        String apiKey = prefix + "api-url";
        String loginKey = prefix + "login-url";
        Optional<String> region = source.get(regionKey);
        if (region.isPresent() && !Region.isKnown(region.get())) {
            throw new ConfigException(regionKey, "unknown region '" + shorten(region.get()) + "'; known regions: "
                    + String.join(", ", Region.KNOWN), regionKey + "=mypurecloud.ie");
        }
        String apiUrl = source.get(apiKey).map(v -> url(apiKey, v)).orElse(region.map(Region::apiUrl).orElse(null));
        String loginUrl = source.get(loginKey).map(v -> url(loginKey, v))
                .orElse(region.map(Region::loginUrl).orElse(null));
        if (apiUrl == null || loginUrl == null) {
            String missing = apiUrl == null ? apiKey : loginKey;
            throw new ConfigException(regionKey, "is missing: set the org's region (or both " + apiKey + " and "
                    + loginKey + "); " + missing + " cannot be derived without it", regionKey + "=mypurecloud.com");
        }
        String clientId = required(prefix + "client-id", "0a1b2c3d-1111-4222-8333-444455556666");
        String clientSecret = required(prefix + "client-secret", "the OAuth client's secret, e.g. from a Kubernetes Secret");
        List<String> queueIds = queueIds(prefix + "queue-ids");
        List<String> divisions = list(prefix + "division-ids");
        for (String division : divisions) {
            if (!QUEUE_ID.matcher(division).matches()) {
                throw new ConfigException(prefix + "division-ids", "'" + shorten(division) + "' is not a division id",
                        prefix + "division-ids=" + EXAMPLE_QUEUE_ID);
            }
        }
        String sharedPrefix = "genesys.";
        Duration poll = duration(orgKey(prefix, sharedPrefix, "poll-period"), "10s", Duration.ofMillis(100), Duration.ofHours(1));
        int batchSize = integer(orgKey(prefix, sharedPrefix, "batch-size"), 100, 1, MAX_BATCH_SIZE);
        int rpm = integer(orgKey(prefix, sharedPrefix, "requests-per-minute"), 240, 1, GENESYS_REQUESTS_PER_MINUTE);
        return new OrgConfig(alias, apiUrl, loginUrl, clientId, new Secret(clientSecret), queueIds,
                source.get(prefix + "queue-name-filter").orElse(null), divisions, poll, batchSize, rpm);
    }

    /** A per-org tuning key falls back to the shared key, so several orgs can share one poll period. */
    private String orgKey(String prefix, String sharedPrefix, String suffix) {
        String own = prefix + suffix;
        return source.get(own).isPresent() ? own : sharedPrefix + suffix;
    }

    private String required(String key, String example) {
        return source.get(key).orElseThrow(() -> new ConfigException(key, "is missing",
                key.endsWith("secret") ? ConfigSource.envName(key) + "=<" + example + ">" : key + "=" + example));
    }

    private List<String> queueIds(String key) {
        List<String> ids = list(key);
        for (String id : ids) {
            if (!QUEUE_ID.matcher(id).matches()) {
                throw new ConfigException(key, "'" + shorten(id) + "' is not a queue id (a UUID)", key + "=" + EXAMPLE_QUEUE_ID);
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(ids));
    }

    private List<String> list(String key) {
        List<String> values = new ArrayList<>();
        source.get(key).ifPresent(v -> {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.trim());
                }
            }
        });
        return values;
    }

    private Duration duration(String key, String fallback, Duration min, Duration max) {
        String text = source.getOrDefault(key, fallback);
        Duration d = Durations.parse(text);
        if (d == null) {
            throw new ConfigException(key, "'" + shorten(text) + "' is not a duration", key + "=" + fallback);
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigException(key, Durations.format(d) + " is out of range " + Durations.format(min)
                    + " to " + Durations.format(max), key + "=" + fallback);
        }
        return d;
    }

    private int integer(String key, int fallback, int min, int max) {
        String text = source.getOrDefault(key, Integer.toString(fallback));
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + shorten(text) + "' is not a whole number", key + "=" + fallback);
        }
        if (n < min || n > max) {
            throw new ConfigException(key, n + " is out of range " + min + " to " + max, key + "=" + fallback);
        }
        return n;
    }

    private long longInteger(String key, long fallback, long min, long max) {
        String text = source.getOrDefault(key, Long.toString(fallback));
        long n;
        try {
            n = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + shorten(text) + "' is not a whole number of bytes", key + "=" + fallback);
        }
        if (n < min || n > max) {
            throw new ConfigException(key, n + " is out of range " + min + " to " + max, key + "=" + fallback);
        }
        return n;
    }

    private String url(String key, String value) {
        try {
            URI uri = URI.create(value);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            }
        } catch (IllegalArgumentException e) {
            // fall through to the message below
        }
        throw new ConfigException(key, "'" + shorten(value) + "' is not an http(s) URL", key + "=https://api.mypurecloud.com");
    }

    private HaConfig ha(List<OrgConfig> orgs) {
        String key = "feed.ha.mode";
        String mode = source.getOrDefault(key, "none");
        if (!List.of("none", "file", "kubernetes").contains(mode)) {
            throw new ConfigException(key, "'" + shorten(mode) + "' is not a leader-election mode (none, file or kubernetes)",
                    key + "=kubernetes");
        }
        // a follower must notice a dead leader well within 2 poll periods: check every half period (at most 10 s)
        Duration shortestPeriod = orgs.stream().map(OrgConfig::pollPeriod).min(Duration::compareTo).orElseThrow();
        Duration derived = shortestPeriod.dividedBy(2);
        derived = derived.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : derived;
        String intervalKey = "feed.ha.acquire-lock-interval";
        Duration interval = source.get(intervalKey).isPresent()
                ? duration(intervalKey, "5s", Duration.ofMillis(100), Duration.ofMinutes(5)) : derived;
        String podName = source.get("feed.ha.kubernetes.pod-name").orElse(System.getenv("HOSTNAME"));
        if ("kubernetes".equals(mode) && podName == null) {
            throw new ConfigException("feed.ha.kubernetes.pod-name", "is missing (HOSTNAME is not set either)",
                    "FEED_HA_KUBERNETES_POD_NAME from the downward API metadata.name");
        }
        return new HaConfig(mode, source.getOrDefault("feed.ha.file.root", "data/cluster"), interval,
                source.getOrDefault("feed.ha.kubernetes.namespace", "default"), podName, podLabels());
    }

    private static final Pattern LABEL_KEY =
            Pattern.compile("([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    /** The labels that pick the feed's own pods out of the namespace: {@code key=value,key=value}. */
    private Map<String, String> podLabels() {
        String key = "feed.ha.kubernetes.pod-labels";
        String value = source.getOrDefault(key, "app=genesys-queue-feed");
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            String[] parts = pair.trim().split("=", 2);
            if (parts.length != 2 || !LABEL_KEY.matcher(parts[0].trim()).matches()
                    || !LABEL_VALUE.matcher(parts[1].trim()).matches()) {
                throw new ConfigException(key, "'" + shorten(value) + "' is not a list of Kubernetes labels key=value",
                        key + "=app=genesys-queue-feed");
            }
            labels.put(parts[0].trim(), parts[1].trim());
        }
        return labels;
    }

    private DownstreamConfig downstream() {
        String key = "kafka.status.mode";
        String mode = source.getOrDefault(key, "every-snapshot");
        if (!List.of("every-snapshot", "on-change").contains(mode)) {
            throw new ConfigException(key, "'" + shorten(mode) + "' is not every-snapshot or on-change", key + "=on-change");
        }
        return new DownstreamConfig(mode,
                duration("kafka.status.heartbeat-period", "60s", Duration.ofMillis(100), Duration.ofDays(1)),
                source.getOrDefault("alerts.rules-file", "config/alert-rules.yaml"));
    }

    private String brokers() {
        String key = "kafka.brokers";
        String value = source.getOrDefault(key, "localhost:9092");
        for (String broker : value.split(",")) {
            if (!BROKER.matcher(broker.trim()).matches()) {
                throw new ConfigException(key, "'" + shorten(broker.trim()) + "' is not host:port", key + "=kafka-1:9092,kafka-2:9092");
            }
        }
        return value.replace(" ", "");
    }

    private String topic(String key, String fallback) {
        String value = source.getOrDefault(key, fallback);
        if (!TOPIC.matcher(value).matches()) {
            throw new ConfigException(key, "'" + shorten(value) + "' is not a Kafka topic name (letters, digits, . _ -)",
                    key + "=" + fallback);
        }
        return value;
    }

    /**
     * Bad values are echoed to help the operator, but not long ones: a client secret or token pasted into the wrong
     * key is long, and even its first characters must not end up in a log. (Registered secrets are masked too.)
     */
    private static String shorten(String value) {
        return value.length() <= MAX_ECHOED_CHARS ? value : "<" + value.length() + " characters, not shown>";
    }

    static final int MAX_ECHOED_CHARS = 40;
}

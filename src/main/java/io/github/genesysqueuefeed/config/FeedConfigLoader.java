package io.github.genesysqueuefeed.config;

import static io.github.genesysqueuefeed.config.FeedKeys.*;

import io.github.genesysqueuefeed.config.EgressProxy;
import io.github.genesysqueuefeed.secrets.Masking;
import io.github.genesysqueuefeed.secrets.Secret;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a {@link ConfigSource} into a {@link FeedConfig}, or stops at the first bad value with a
 * {@link ConfigException} whose one-line message names the key and shows a good value. Single values are checked
 * by their declaration in {@link FeedKeys}; what is left here is assembly and the rules that span keys.
 */
public final class FeedConfigLoader {

    private static final Pattern ALIAS = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    /** Genesys rejects observation queries with too many predicates (around 200). */
    public static final int MAX_BATCH_SIZE = (int) BATCH_SIZE.max();
    /** Genesys' own ceiling per token. */
    public static final int GENESYS_REQUESTS_PER_MINUTE = (int) REQUESTS_PER_MINUTE.max();

    private final ConfigSource source;
    private final ConfigReader read;

    private FeedConfigLoader(ConfigSource source) {
        this.source = source;
        this.read = new ConfigReader(source);
    }

    public static FeedConfig load(ConfigSource source) {
        // secrets are masked from the moment they are read, before any check: a secret pasted into the wrong key is
        // then masked in that key's error too
        FeedKeys.secretKeys(source.asMap().keySet()).forEach(key -> source.get(key).ifPresent(Masking::register));
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
                    throw new ConfigException(ORGS.name(), "'" + ConfigReader.shorten(alias) + "' is not a valid org "
                            + "alias (lower-case letters, digits and dashes)", ORGS.name() + "=" + ORGS.example());
                }
                orgs.add(org(alias, OrgKeys.ORGS + "." + alias + "."));
            }
        }
        return new FeedConfig(List.copyOf(orgs), read.duration(CONNECT_TIMEOUT), read.duration(READ_TIMEOUT),
                read.duration(AUTH_FAILURE_BACKOFF), read.duration(QUEUE_REFRESH_PERIOD),
                new ResilienceConfig(read.integer(RETRY_MAX_ATTEMPTS), read.duration(RETRY_INITIAL_DELAY),
                        read.duration(RETRY_MAX_DELAY), read.duration(RETRY_RATE_LIMIT_BACKOFF),
                        read.integer(CIRCUIT_FAILURE_THRESHOLD), read.duration(CIRCUIT_OPEN_PERIOD)),
                ha(orgs),
                new DownstreamConfig(read.oneOf(STATUS_MODE).orElseThrow(), read.duration(HEARTBEAT_PERIOD),
                        read.text(ALERT_RULES_FILE).orElseThrow()),
                read.hostPorts(BROKERS),
                new ProducerConfig(read.integer(DELIVERY_TIMEOUT_MS), (int) read.bytes(BUFFER_MEMORY),
                        read.integer(MAX_BLOCK_MS), read.bytes(OUTAGE_MAX_BUFFERED), (int) read.bytes(MAX_REQUEST_SIZE)),
                read.topic(TOPIC_STATUS), read.topic(TOPIC_ALERTS), read.topic(TOPIC_DEAD_LETTER),
                read.integer(PARALLEL_BATCHES),
                proxy(),
                (int) read.bytes(MAX_RESPONSE_BYTES),
                KafkaSecurityKeys.load(source),
                read.integer(LIVENESS_STUCK_AFTER),
                new PushConfig(read.oneOf(MODE).orElseThrow(), read.duration(PUSH_RECONCILE_PERIOD),
                        read.duration(PUSH_HEARTBEAT_TIMEOUT)));
    }

    /** {@code genesys.http.proxy}, else the conventional proxy variables its declaration names. */
    private EgressProxy proxy() {
        Map<String, String> environment = new HashMap<>();
        for (ConfigKey key : List.of(PROXY, NON_PROXY_HOSTS)) {
            key.variables().forEach(name -> source.get(name).ifPresent(value -> environment.put(name, value)));
        }
        return EgressProxy.from(read.text(PROXY).orElse(null), read.text(NON_PROXY_HOSTS).orElse(null), environment);
    }

    private OrgConfig org(String alias, String prefix) {
        String regionKey = prefix + REGION.orgSuffix();
        String apiKey = prefix + API_URL.orgSuffix();
        String loginKey = prefix + LOGIN_URL.orgSuffix();
        Optional<String> region = read.oneOf(REGION, regionKey);
        String apiUrl = read.url(API_URL, apiKey).orElse(region.map(Region::apiUrl).orElse(null));
        String loginUrl = read.url(LOGIN_URL, loginKey).orElse(region.map(Region::loginUrl).orElse(null));
        if (apiUrl == null || loginUrl == null) {
            String missing = apiUrl == null ? apiKey : loginKey;
            throw new ConfigException(regionKey, "is missing: set the org's region (or both " + apiKey + " and "
                    + loginKey + "); " + missing + " cannot be derived without it", regionKey + "=mypurecloud.com");
        }
        String clientId = read.required(CLIENT_ID, prefix + CLIENT_ID.orgSuffix());
        String clientSecret = read.required(CLIENT_SECRET, prefix + CLIENT_SECRET.orgSuffix());
        return new OrgConfig(alias, apiUrl, loginUrl, clientId, new Secret(clientSecret),
                read.uuids(QUEUE_IDS, prefix + QUEUE_IDS.orgSuffix()),
                read.raw(QUEUE_NAME_FILTER, prefix + QUEUE_NAME_FILTER.orgSuffix()).orElse(null),
                read.uuids(DIVISION_IDS, prefix + DIVISION_IDS.orgSuffix()),
                read.duration(POLL_PERIOD, orgKey(prefix, POLL_PERIOD)),
                read.integer(BATCH_SIZE, orgKey(prefix, BATCH_SIZE)),
                read.integer(REQUESTS_PER_MINUTE, orgKey(prefix, REQUESTS_PER_MINUTE)));
    }

    /** A per-org tuning key falls back to the shared key, so several orgs can share one poll period. */
    private String orgKey(String prefix, ConfigKey key) {
        String own = prefix + key.orgSuffix();
        return source.get(own).isPresent() || !key.sharedFallback() ? own : key.name();
    }

    private HaConfig ha(List<OrgConfig> orgs) {
        String mode = read.oneOf(HA_MODE).orElseThrow();
        // a follower must notice a dead leader well within 2 poll periods: check every half period (at most 10 s)
        Duration shortestPeriod = orgs.stream().map(OrgConfig::pollPeriod).min(Duration::compareTo).orElseThrow();
        Duration derived = shortestPeriod.dividedBy(2);
        derived = derived.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : derived;
        Duration interval = read.text(HA_ACQUIRE_LOCK_INTERVAL).isPresent()
                ? read.duration(HA_ACQUIRE_LOCK_INTERVAL) : derived;
        String podName = read.text(HA_POD_NAME).orElse(System.getenv("HOSTNAME"));
        if ("kubernetes".equals(mode) && podName == null) {
            throw new ConfigException(HA_POD_NAME.name(), "is missing (HOSTNAME is not set either)",
                    "FEED_HA_KUBERNETES_POD_NAME from the downward API metadata.name");
        }
        return new HaConfig(mode, read.text(HA_FILE_ROOT).orElseThrow(), interval,
                read.text(HA_NAMESPACE).orElseThrow(), podName, read.labels(HA_POD_LABELS));
    }
}

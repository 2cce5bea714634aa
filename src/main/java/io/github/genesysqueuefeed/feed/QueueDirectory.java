package io.github.genesysqueuefeed.feed;

import io.github.genesysqueuefeed.genesys.GenesysApiException;
import io.github.genesysqueuefeed.genesys.GenesysAuthException;
import io.github.genesysqueuefeed.genesys.IncompleteListingException;
import io.github.genesysqueuefeed.genesys.RoutingQueuesClient;

import io.github.genesysqueuefeed.config.OrgConfig;
import io.github.genesysqueuefeed.genesys.QueueRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queues one org's snapshots cover, with their names: the configured ids (names looked up once and then
 * every refresh period), or, with no ids configured, whatever discovery finds. A failed refresh keeps the last
 * good list, so a discovery hiccup never empties the feed.
 */
public final class QueueDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(QueueDirectory.class);

    private final OrgConfig org;
    private final RoutingQueuesClient client;
    private final Duration refreshPeriod;
    private final Clock clock;
    private volatile List<QueueRef> queues;
    private Instant nextRefresh = Instant.MIN;

    public QueueDirectory(OrgConfig org, RoutingQueuesClient client, Duration refreshPeriod, Clock clock) {
        this.org = org;
        this.client = client;
        this.refreshPeriod = refreshPeriod;
        this.clock = clock;
    }

    /** How often the list is refreshed: every refresh spends listing calls (BatchSizing counts them). */
    public Duration refreshPeriod() {
        return refreshPeriod;
    }

    /** How many queues the last refresh found; 0 before the first. */
    public int size() {
        List<QueueRef> current = queues;
        return current == null ? 0 : current.size();
    }

    /** The current queue list, refreshed first when the refresh period has passed. */
    public synchronized List<QueueRef> queues() throws InterruptedException {
        Instant now = clock.instant();
        if (queues == null || !now.isBefore(nextRefresh)) {
            try {
                List<QueueRef> fresh = org.discoversQueues()
                        ? client.listQueues(org.queueNameFilter(), org.divisionIds())
                        : client.lookup(org.queueIds());
                if (queues == null || !queues.equals(fresh)) {
                    LOG.info("org '{}': {} queues {}", org.alias(), fresh.size(),
                            org.discoversQueues() ? "discovered" : "configured");
                }
                queues = List.copyOf(fresh);
                nextRefresh = now.plus(refreshPeriod);
            } catch (GenesysApiException | io.github.genesysqueuefeed.genesys.GenesysAuthException e) {
                Duration retryIn = refreshPeriod.compareTo(Duration.ofMinutes(1)) < 0 ? refreshPeriod : Duration.ofMinutes(1);
                if (queues == null && e instanceof IncompleteListingException incomplete && !incomplete.partial().isEmpty()) {
                    // no earlier list to keep: what was read before the listing went wrong beats no snapshot at all
                    queues = incomplete.partial();
                    LOG.warn("{}; polling those until the next refresh", e.getMessage());
                    nextRefresh = now.plus(retryIn);
                    return queues;
                }
                if (queues == null && org.discoversQueues()) {
                    throw e;
                }
                if (queues == null) {
                    // configured ids are known without Genesys: poll them unnamed rather than not at all
                    queues = org.queueIds().stream().map(id -> new QueueRef(id, null)).toList();
                }
                LOG.warn("org '{}': queue refresh failed, keeping the last list of {} queues: {}",
                        org.alias(), queues.size(), e.getMessage());
                nextRefresh = now.plus(retryIn);
            }
        }
        return queues;
    }
}

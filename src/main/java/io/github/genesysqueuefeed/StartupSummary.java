package io.github.genesysqueuefeed;

import io.github.genesysqueuefeed.config.Durations;
import io.github.genesysqueuefeed.config.FeedConfig;
import io.github.genesysqueuefeed.config.OrgConfig;
import io.github.genesysqueuefeed.secrets.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the feed will do, logged at start-up: one line per org and one for Kafka, never a secret. */
final class StartupSummary {

    private static final Logger LOG = LoggerFactory.getLogger(FeedApplication.class); // the line operators know

    private StartupSummary() {
    }

    /** One line per org at start-up: what the feed will do, never the secret. */
    static void log(FeedConfig config) {
        for (OrgConfig org : config.orgs()) {
            LOG.info("org '{}': {} {}, {} queues per query, at most {} calls/min; api {}, login {}, client {}",
                    org.alias(), org.discoversQueues() ? "all visible queues" + (org.queueNameFilter() == null ? ""
                            : " named " + org.queueNameFilter()) : org.queueIds().size() + " configured queues",
                    config.push().push() ? "pushed by Genesys' notifications, polled to reconcile every "
                            + Durations.format(config.push().reconcilePeriod()) + " (ticks every "
                            + Durations.format(org.pollPeriod()) + ")"
                            : "polled every " + Durations.format(org.pollPeriod()), org.batchSize(), org.requestsPerMinute(),
                    Masking.maskAll(org.apiUrl()), Masking.maskAll(org.loginUrl()), org.clientId());
        }
        LOG.info("kafka {} ({}): status -> {} ({}), alerts -> {}, dead letters -> {}; leader election: {}",
                Masking.maskAll(config.kafkaBrokers()), config.kafkaSecurity().describe(), config.statusTopic(),
                config.downstream().statusMode(), config.alertsTopic(), config.deadLetterTopic(), config.ha().mode());
    }
}

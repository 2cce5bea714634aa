package io.github.genesysqueuefeed.config;

import java.time.Duration;
import java.util.List;

/**
 * The validated configuration of the whole feed. Built only by {@link FeedConfigLoader}.
 *
 * @param parallelBatches how many batches of one snapshot are queried and published at the same time
 * @param livenessStuckAfter poll periods without progress after which liveness says the feed is stuck
 */
public record FeedConfig(
        List<OrgConfig> orgs,
        Duration connectTimeout,
        Duration readTimeout,
        Duration authFailureBackoff,
        Duration queueRefreshPeriod,
        ResilienceConfig resilience,
        HaConfig ha,
        DownstreamConfig downstream,
        String kafkaBrokers,
        ProducerConfig producer,
        String statusTopic,
        String alertsTopic,
        String deadLetterTopic,
        int parallelBatches,
        int livenessStuckAfter) {
}

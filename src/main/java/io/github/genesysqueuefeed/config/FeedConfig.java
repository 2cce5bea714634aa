package io.github.genesysqueuefeed.config;

import java.time.Duration;
import java.util.List;

/**
 * The validated configuration of the whole feed. Built only by {@link FeedConfigLoader}.
 *
 * @param parallelBatches how many batches of one snapshot are queried and published at the same time
 * @param proxy           the egress proxy of every Genesys call ({@code genesys.http.proxy}, else HTTPS_PROXY/NO_PROXY)
 * @param maxResponseBytes the longest Genesys answer the feed reads ({@code genesys.http.max-response-bytes})
 * @param kafkaSecurity   TLS, SASL and passed-through producer properties
 * @param livenessStuckAfter poll periods without progress after which liveness says the feed is stuck
 * @param push            push (Notifications API) or poll, and push mode's periods
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
        io.github.genesysqueuefeed.config.EgressProxy proxy,
        int maxResponseBytes,
        KafkaSecurityConfig kafkaSecurity,
        int livenessStuckAfter,
        PushConfig push) {
}

package io.github.genesysqueuefeed.config;

/**
 * Kafka producer limits that decide what a broker outage costs (see KafkaProducerSettings), the bound of the
 * snapshots held while Kafka is away (see publish/KafkaPublisher) and the largest record the producer accepts.
 */
public record ProducerConfig(int deliveryTimeoutMs, int bufferMemory, int maxBlockMs, long outageMaxBuffered,
                             int maxRequestSize) {
}

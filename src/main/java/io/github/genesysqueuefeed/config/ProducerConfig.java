package io.github.genesysqueuefeed.config;

/** Kafka producer limits that decide what a broker outage costs (see KafkaProducerSettings). */
public record ProducerConfig(int deliveryTimeoutMs, int bufferMemory, int maxBlockMs) {
}

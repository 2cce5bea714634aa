package io.github.genesysqueuefeed.ops;

import io.github.genesysqueuefeed.config.Durations;
import io.github.genesysqueuefeed.publish.KafkaPublisher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness of the publishing side: DOWN while the snapshots handed to Kafka cannot drain ("Kafka away since
 * <time>, N snapshots (B bytes) held"), UP again as soon as Kafka acknowledges. Polling goes on meanwhile; this
 * check tells the operator that what is observed is held, not delivered. What exactly is wrong with Kafka
 * (authentication, certificate, missing topic) is the Kafka problems check's job.
 */
public final class KafkaBacklogCheck extends FeedHealthCheck {

    private final KafkaPublisher publisher;
    private final Clock clock;

    public KafkaBacklogCheck(KafkaPublisher publisher, Clock clock) {
        super("kafka-backlog", false);
        this.publisher = publisher;
        this.clock = clock;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        int snapshots = publisher.heldSnapshots();
        long bytes = publisher.heldBytes();
        builder.detail("heldSnapshots", snapshots);
        builder.detail("heldBytes", bytes);
        Optional<Instant> away = publisher.awaySince();
        if (away.isEmpty()) {
            builder.up();
            return;
        }
        builder.detail("kafkaAwaySince", away.get().toString());
        builder.message("Kafka away since " + away.get() + " (" + Durations.format(Duration.ofSeconds(
                Duration.between(away.get(), clock.instant()).toSeconds())) + "), " + snapshots + " snapshots ("
                + bytes + " bytes) held").down();
    }
}

package io.github.genesysqueuefeed.publish;

import io.github.genesysqueuefeed.config.FeedConfig;
import io.github.genesysqueuefeed.config.KafkaSecurityConfig;
import io.github.genesysqueuefeed.secrets.Secret;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;

/**
 * The settings of the feed's one Kafka producer (KafkaPublisher's {@code kafka:<status topic>} endpoint; every
 * topic is reached through it), set once on the component. Why each one:
 * <ul>
 *   <li>acks=all and idempotence: a record the feed counts as published is on every in-sync replica, and the
 *   producer's own retries during a broker outage never write it twice;</li>
 *   <li>delivery timeout (default 5 min) and max block: they bound ONE attempt of the publisher (which then
 *   retries the unacknowledged records with back-off, for as long as the outage lasts);</li>
 *   <li>buffer memory: the producer's share of the memory budget (what waits beyond it is in the publisher's
 *   compressed, bounded backlog, kafka.outage.max-buffered);</li>
 *   <li>linger 5 ms and lz4: a snapshot's records go out as a few compressed requests;</li>
 *   <li>batchWithIndividualHeaders: in a list body, each record keeps its own key and headers;</li>
 *   <li>TLS, SASL and passed-through properties from the feed's own keys (kafka.security.protocol, ...): Camel Main
 *   4.18 drops CAMEL_COMPONENT_KAFKA_* environment variables, and -D would put the JAAS secret in the process
 *   list. The JAAS line and passwords are Kafka PASSWORD types, shown as [hidden] in the producer's config dump.</li>
 * </ul>
 */
public final class KafkaProducerSettings {

    private KafkaProducerSettings() {
    }

    public static void apply(KafkaComponent kafka, FeedConfig config) {
        KafkaConfiguration c = kafka.getConfiguration();
        c.setBrokers(config.kafkaBrokers());
        c.setRequestRequiredAcks("all");
        c.setEnableIdempotence(true);
        c.setMaxInFlightRequest(5);
        c.setLingerMs(5);
        c.setCompressionCodec("lz4");
        c.setBatchWithIndividualHeaders(true);
        c.setDeliveryTimeoutMs(config.producer().deliveryTimeoutMs());
        c.setBufferMemorySize(config.producer().bufferMemory());
        c.setMaxBlockMs(config.producer().maxBlockMs());
        applySecurity(c, config.kafkaSecurity());
    }

    static void applySecurity(KafkaConfiguration c, KafkaSecurityConfig security) {
        c.setSecurityProtocol(security.protocol());
        if (security.usesSasl()) {
            c.setSaslMechanism(security.saslMechanism());
            c.setSaslJaasConfig(security.saslJaasConfig().reveal());
        }
        if (security.truststoreLocation() != null) {
            c.setSslTruststoreLocation(security.truststoreLocation());
            c.setSslTruststoreType(security.truststoreType());
            c.setSslTruststorePassword(reveal(security.truststorePassword()));
        }
        if (security.keystoreLocation() != null) {
            c.setSslKeystoreLocation(security.keystoreLocation());
            c.setSslKeystoreType(security.keystoreType());
            c.setSslKeystorePassword(reveal(security.keystorePassword()));
            c.setSslKeyPassword(reveal(security.keyPassword()));
        }
        if (!security.producerProperties().isEmpty()) {
            Map<String, Object> additional = new HashMap<>();
            if (c.getAdditionalProperties() != null) {
                additional.putAll(c.getAdditionalProperties());
            }
            additional.putAll(security.producerProperties());
            c.setAdditionalProperties(additional);
        }
    }

    private static String reveal(Secret secret) {
        return secret == null ? null : secret.reveal();
    }
}

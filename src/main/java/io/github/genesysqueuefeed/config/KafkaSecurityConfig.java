package io.github.genesysqueuefeed.config;

import io.github.genesysqueuefeed.secrets.Secret;

import java.util.Map;

/**
 * How the feed's producer authenticates to and trusts the brokers (TLS, SASL), plus producer properties passed
 * through as they are. Built and checked by {@link KafkaSecurityKeys}; applied by KafkaProducerSettings.
 *
 * @param protocol            PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
 * @param saslMechanism       null unless a SASL protocol
 * @param saslUsername        for the start-up summary only (the JAAS line carries it); null if not used
 * @param saslJaasConfig      the JAAS line the producer logs in with: kafka.sasl.jaas-config, or built from
 *                            username and password; null unless a SASL protocol
 * @param producerProperties  kafka.producer.properties.&lt;kafka-key&gt;, without the prefix
 */
public record KafkaSecurityConfig(
        String protocol,
        String saslMechanism,
        String saslUsername,
        Secret saslJaasConfig,
        String truststoreLocation,
        Secret truststorePassword,
        String truststoreType,
        String keystoreLocation,
        Secret keystorePassword,
        String keystoreType,
        Secret keyPassword,
        Map<String, String> producerProperties) {

    public boolean usesSasl() {
        return protocol.startsWith("SASL_");
    }

    /** One phrase for the start-up summary: what, never a secret. */
    public String describe() {
        StringBuilder text = new StringBuilder(protocol);
        if (usesSasl()) {
            text.append(' ').append(saslMechanism);
            if (saslUsername != null) {
                text.append(" as '").append(saslUsername).append('\'');
            }
        }
        if (truststoreLocation != null) {
            text.append(", truststore ").append(truststoreLocation).append(" (").append(truststoreType).append(')');
        }
        if (keystoreLocation != null) {
            text.append(", client certificate ").append(keystoreLocation);
        }
        if (!producerProperties.isEmpty()) {
            text.append(", producer properties ").append(new java.util.TreeSet<>(producerProperties.keySet()));
        }
        return text.toString();
    }
}

package io.github.genesysqueuefeed.publish;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultExchange;

/**
 * One Kafka record as camel-kafka sends it from a list body: an Exchange per record (with
 * {@code batchWithIndividualHeaders}), key = queue id, the {@code org} and {@code eventType} headers every record
 * type carries, and a JSON value (or null: a tombstone).
 */
final class KafkaRecords {

    private KafkaRecords() {
    }

    static Exchange record(CamelContext camelContext, String key, String org, String eventType, String json) {
        Exchange exchange = new DefaultExchange(camelContext);
        exchange.getIn().setHeader(KafkaConstants.KEY, key);
        exchange.getIn().setHeader("org", org);
        exchange.getIn().setHeader("eventType", eventType);
        if (json != null) {
            exchange.getIn().setHeader("content-type", "application/json");
        }
        exchange.getIn().setBody(json);
        return exchange;
    }
}

package io.github.genesysqueuefeed;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.config.ConfigSource;
import io.github.genesysqueuefeed.config.FeedConfigLoader;
import io.github.genesysqueuefeed.support.Feed;
import io.github.genesysqueuefeed.support.SecuredKafka;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A truststore the producer cannot open stops start-up with a line that names the file and the keys. */
class KafkaStartupFailureTest {

    @TempDir
    Path dir;

    @Test
    void aWrongTruststorePasswordNamesTheFileAndTheKeys() {
        SecuredKafka secured = SecuredKafka.create(dir, Map.of());
        Properties props = new Properties();
        props.put("bootstrap.servers", "localhost:9");
        props.put("security.protocol", "SSL");
        props.put("ssl.truststore.location", secured.truststore().toString());
        props.put("ssl.truststore.type", "PKCS12");
        props.put("ssl.truststore.password", "not-the-store-password");
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());

        // what creating the producer at start-up throws (camel-kafka wraps it further)
        Exception failure = assertThrows(Exception.class, () -> new KafkaProducer<String, String>(props).close());

        var config = FeedConfigLoader.load(ConfigSource.resolve(Feed.defaults(), Map.of(
                "GENESYS_REGION", "mypurecloud.ie", "GENESYS_CLIENT_ID", "id", "GENESYS_CLIENT_SECRET", "secret-x"),
                new Properties(), Map.of()));
        String line = FeedApplication.startupFailure(new RuntimeException("Failed to start route", failure), config);
        assertTrue(line.contains(secured.truststore().toString()), line);
        assertTrue(line.contains("kafka.ssl.truststore.password"), line);
        assertTrue(!line.contains("not-the-store-password"), line);
    }
}

package io.github.genesysqueuefeed.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A plain KafkaConsumer, as a downstream team would write it, reading a topic from the beginning. */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public TopicReader(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, new Properties());
    }

    /** With extra client properties, e.g. SASL_SSL ({@link SecuredKafka#clientProperties}). */
    public TopicReader(String bootstrapServers, String topic, Properties clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(topic));
    }

    /** Polls until at least {@code count} records have been read in all, or fails after {@code timeout}. */
    public List<ConsumerRecord<String, String>> readAtLeast(int count, Duration timeout) {
        return readUntil(records -> records.size() >= count, timeout,
                "expected at least " + count + " records");
    }

    /** Polls until {@code done} holds for everything read so far, or fails after {@code timeout}. */
    public List<ConsumerRecord<String, String>> readUntil(Predicate<List<ConsumerRecord<String, String>>> done,
                                                          Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (!done.test(seen)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " within " + timeout + ", read " + seen.size());
            }
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return List.copyOf(seen);
    }

    /** Reads whatever else arrives within {@code quiet}; for asserting that nothing more came. */
    public List<ConsumerRecord<String, String>> drain(Duration quiet) {
        Instant deadline = Instant.now().plus(quiet);
        while (Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return List.copyOf(seen);
    }

    public List<ConsumerRecord<String, String>> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        consumer.close();
    }
}

package io.github.genesysqueuefeed.support;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real single-node KRaft Kafka broker inside this JVM (about 1.5 s to start). Test classes start one in
 * {@code @BeforeAll} and share it across their tests; the demo and the benchmark use it too.
 */
public final class KafkaTestBroker implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private KafkaTestBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static KafkaTestBroker start() {
        return start(Map.of());
    }

    public static KafkaTestBroker start(Map<String, String> brokerProperties) {
        try {
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "3");
            brokerProperties.forEach(builder::setConfigProp);
            KafkaClusterTestKit cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaTestBroker(cluster);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the in-JVM Kafka broker", e);
        }
    }

    /**
     * A broker on fixed ports, so it can be stopped and started again at the same address: the outage tests.
     */
    public static KafkaTestBroker startRestartable() {
        int brokerPort = freePort();
        int controllerPort = freePort();
        return start(Map.of("listeners", "EXTERNAL://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort));
    }

    /** Stops the broker (the controller keeps running): producers see a dead broker. */
    public void stopBroker() {
        cluster.brokers().values().forEach(b -> {
            b.shutdown();
            b.awaitShutdown();
        });
    }

    /** Starts the stopped broker again on the same port with the same logs. */
    public void restartBroker() {
        try {
            cluster.brokers().values().forEach(kafka.server.BrokerServer::startup);
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("could not restart the broker", e);
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public void createTopics(String... topics) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(java.util.Arrays.stream(topics).map(t -> new NewTopic(t, 3, (short) 1)).toList())
                    .all().get();
        } catch (Exception e) {
            throw new IllegalStateException("could not create topics " + List.of(topics), e);
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

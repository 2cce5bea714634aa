package io.github.genesysqueuefeed.demo;

import io.github.genesysqueuefeed.support.KafkaTestBroker;
import java.util.concurrent.CountDownLatch;

/**
 * DEMO CODE (src/demo/java, never in the jar): a simulated Genesys org and a Kafka broker in a JVM of their own, for trying the shipped jar as a
 * separate process configured only by environment variables (see docs/BENCHMARKS.md and the closing notes).
 * Prints GENESYS_API_URL and KAFKA_BROKERS, then runs until killed. Argument: the number of queues (default 300).
 */
public final class StandaloneServices {

    private StandaloneServices() {
    }

    public static void main(String[] args) throws Exception {
        int queues = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        KafkaTestBroker broker = KafkaTestBroker.start();
        GenesysSimulator genesys = GenesysSimulator.start(queues);
        System.out.println("GENESYS_API_URL=" + genesys.baseUrl());
        System.out.println("GENESYS_LOGIN_URL=" + genesys.baseUrl());
        System.out.println("GENESYS_CLIENT_ID=" + GenesysSimulator.CLIENT_ID);
        System.out.println("GENESYS_CLIENT_SECRET=" + GenesysSimulator.CLIENT_SECRET);
        System.out.println("KAFKA_BROKERS=" + broker.bootstrapServers());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            genesys.close();
            broker.close();
        }));
        new CountDownLatch(1).await();
    }
}

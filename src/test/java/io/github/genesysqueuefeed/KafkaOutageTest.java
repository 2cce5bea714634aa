package io.github.genesysqueuefeed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.genesysqueuefeed.org.GenesysOrgs;
import io.github.genesysqueuefeed.stats.FeedStats;
import io.github.genesysqueuefeed.support.FeedTestEnvironment;
import io.github.genesysqueuefeed.support.GenesysStubs;
import io.github.genesysqueuefeed.support.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker goes away for 30 s in the middle of a run and comes back. What a consumer reads afterwards: every
 * snapshot that was taken arrives complete and exactly once, and the feed carries on by itself.
 */
class KafkaOutageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "outage-status";
    private static final int QUEUES = 5;

    @RegisterExtension
    static final FeedTestEnvironment env = FeedTestEnvironment.withRestartableBroker();

    @BeforeAll
    static void createTopic() {
        env.broker().createTopics(TOPIC);
    }

    @Test
    void aThirtySecondBrokerOutageLosesAndDuplicatesNothingAndPollingRecovers() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < QUEUES; i++) {
            ids.add(String.format("2a3c2d6e-0000-4000-8000-%012d", i));
        }
        GenesysStubs.token(env.genesys(), "token-outage", 3600);
        GenesysStubs.queueNames(env.genesys(), Map.of());
        GenesysStubs.observationsForBatch(env.genesys(), ids.get(0), GenesysStubs.observationsBody(ids));
        Map<String, String> config = env.baseConfig("outage-client", "outage-secret");
        config.put("genesys.queue-ids", String.join(",", ids));
        config.put("genesys.poll-period", "1s");
        config.put("kafka.topic.status", TOPIC);
        FeedApplication feed = env.start(config);
        FeedStats stats = feed.camelContext().getRegistry()
                .lookupByNameAndType("genesysOrgs", GenesysOrgs.class).get("default").stats();
        try (TopicReader reader = new TopicReader(env.broker().bootstrapServers(), TOPIC)) {
            reader.readAtLeast(2 * QUEUES, Duration.ofSeconds(30));
            reader.close();

            env.broker().stopBroker();
            Instant outageStarted = Instant.now();
            long skippedBefore = stats.snapshotsSkippedBusy.get();
            // the outage itself lasts 30 s; meanwhile the feed must keep ticking without piling snapshots up
            while (Duration.between(outageStarted, Instant.now()).compareTo(Duration.ofSeconds(30)) < 0) {
                Thread.sleep(500);
            }
            assertTrue(stats.snapshotsSkippedBusy.get() - skippedBefore >= 20,
                    "ticks during the outage are skipped and counted, not queued: " + stats.snapshotsSkippedBusy.get());
            env.broker().restartBroker();
            Instant restarted = Instant.now();
            long okAtRestart = stats.snapshotsOk.get();
            while (stats.snapshotsOk.get() < okAtRestart + 3) {
                assertTrue(Instant.now().isBefore(restarted.plusSeconds(60)), "polling recovers after the broker returns");
                Thread.sleep(100);
            }
        } finally {
            feed.stop();
        }

        try (TopicReader all = new TopicReader(env.broker().bootstrapServers(), TOPIC)) {
            long published = stats.eventsPublished.get();
            List<ConsumerRecord<String, String>> records = all.readAtLeast((int) published, Duration.ofSeconds(30));
            records = all.drain(Duration.ofSeconds(1));
            Map<String, Set<String>> queuesBySnapshot = new TreeMap<>();
            Set<String> seen = new HashSet<>();
            for (ConsumerRecord<String, String> record : records) {
                String observedAt = JSON.readTree(record.value()).get("observedAt").asText();
                assertTrue(seen.add(record.key() + "@" + observedAt), "duplicate event " + record.key() + "@" + observedAt);
                queuesBySnapshot.computeIfAbsent(observedAt, k -> new HashSet<>()).add(record.key());
            }
            assertEquals(published, records.size(), "what the feed counted as acknowledged is what a consumer reads");
            queuesBySnapshot.forEach((at, queues) -> assertEquals(QUEUES, queues.size(), "snapshot " + at + " complete"));
            assertTrue(queuesBySnapshot.size() >= 5, "snapshots before, during (held) and after the outage");
        }
    }
}

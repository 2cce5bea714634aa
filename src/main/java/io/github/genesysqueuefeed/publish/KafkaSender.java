package io.github.genesysqueuefeed.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.AsyncProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one sender thread: takes the oldest held snapshot, sends it until every record is acknowledged (only the
 * records that failed go again, after 1 s doubling to 15 s, for as long as it takes; while Kafka is away one record
 * probes the broker before the rest follow), then takes the next, so each queue's events reach Kafka in order.
 */
final class KafkaSender {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPublisher.class);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(15);

    private final BacklogHandOver held;
    private final SendAttempt attempt;
    private final KafkaProblems problems;
    private final KafkaAway away;
    private final Object sleeper = new Object();
    private AsyncProducer producer;
    private Thread thread;
    private volatile boolean stopping;

    KafkaSender(BacklogHandOver held, SendAttempt attempt, KafkaProblems problems, KafkaAway away) {
        this.held = held;
        this.attempt = attempt;
        this.problems = problems;
        this.away = away;
    }

    void start(AsyncProducer started) {
        producer = started;
        stopping = false;
        thread = new Thread(this::sendLoop, "kafka-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    boolean isStarted() {
        return thread != null;
    }

    /** Lets the sender deliver what is held for up to {@code timeoutMillis}, then stops it and logs what it drops. */
    void flushAndStop(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis); // elapsed, not wall-clock
        while (held.heldSnapshots() > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
        }
        stopping = true;
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        thread.interrupt();
        thread.join(5_000);
        List<HeldSnapshot> left = held.clear();
        if (!left.isEmpty()) {
            int records = left.stream().mapToInt(HeldSnapshot::recordCount).sum();
            LOG.warn("kafka: shutdown after {} ms: {} snapshot(s) ({} records) not delivered, dropped",
                    timeoutMillis, left.size(), records);
        }
    }

    private void sendLoop() {
        while (!stopping) {
            try {
                HeldSnapshot next = held.takeOldest(200, TimeUnit.MILLISECONDS);
                if (next == null) {
                    continue;
                }
                if (!deliver(next.records())) {
                    return; // shutdown: flushAndStop reports what was left in flight
                }
                held.acknowledged(next);
                held.delivered();
            } catch (InterruptedException e) {
                return; // shutdown
            } catch (RuntimeException | Error e) {
                // never let the one sender die silently: the backlog would fill and drop while nothing is sent
                LOG.error("kafka publisher: unexpected failure, the snapshot being sent is dropped", e);
                held.delivered();
            }
        }
    }

    /** Sends until every record is acknowledged (true); returns false early only on shutdown. */
    private boolean deliver(List<OutgoingRecord> records) throws InterruptedException {
        List<OutgoingRecord> pending = records;
        Duration backoff = FIRST_BACKOFF;
        while (!pending.isEmpty() && !stopping) {
            // while Kafka is away, one record probes it: a missing topic costs max.block.ms once, not per record
            boolean probe = away.since().isPresent() && pending.size() > 1;
            List<OutgoingRecord> sent = probe ? pending.subList(0, 1) : pending;
            SendAttempt.Result result = attempt.send(producer, sent, () -> stopping);
            List<OutgoingRecord> next = new ArrayList<>(result.failed());
            if (probe) {
                next.addAll(pending.subList(1, pending.size()));
            }
            if (result.failure() == null) {
                Instant wasAway = away.ended();
                if (wasAway != null) {
                    LOG.info("kafka: acknowledging again (away since {}); {} snapshots ({} bytes) held to deliver",
                            wasAway, held.heldSnapshots(), held.heldBytes());
                }
                problems.succeeded();
                backoff = FIRST_BACKOFF;
            } else {
                away.began(result.started());
                problems.failed(result.failure());
                synchronized (sleeper) {
                    if (!stopping) {
                        sleeper.wait(backoff.toMillis());
                    }
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
            pending = next;
        }
        return pending.isEmpty();
    }
}

package io.github.genesysqueuefeed.publish;

import io.github.genesysqueuefeed.feed.GenesysOrgs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * One attempt to send records: every record sent at once on the camel-kafka producer, then every acknowledgement
 * awaited. It says which records must go again and the first failure; an attempt not acknowledged within
 * {@link #AWAY_AFTER} is reported as an outage while it still waits.
 */
final class SendAttempt {

    /** An attempt not acknowledged within this long means Kafka is away (a healthy broker acks in milliseconds). */
    static final Duration AWAY_AFTER = Duration.ofSeconds(10);

    /** What one attempt left: the records to send again (dead letters of refused ones included) and why. */
    record Result(Instant started, List<OutgoingRecord> failed, Throwable failure) {
    }

    private final CamelContext camelContext;
    private final String statusTopic;
    private final GenesysOrgs orgs;
    private final RecordSizeCheck sizeCheck;
    private final KafkaProblems problems;
    private final KafkaAway away;
    private final BacklogHandOver held;
    private final Clock clock;

    SendAttempt(CamelContext camelContext, String statusTopic, GenesysOrgs orgs, RecordSizeCheck sizeCheck,
                KafkaProblems problems, KafkaAway away, BacklogHandOver held, Clock clock) {
        this.camelContext = camelContext;
        this.statusTopic = statusTopic;
        this.orgs = orgs;
        this.sizeCheck = sizeCheck;
        this.problems = problems;
        this.away = away;
        this.held = held;
        this.clock = clock;
    }

    /** Sends {@code records} and waits for them; throws InterruptedException when {@code stopping} turns true. */
    Result send(AsyncProducer producer, List<OutgoingRecord> records, BooleanSupplier stopping)
            throws InterruptedException {
        Instant started = clock.instant();
        List<CompletableFuture<Exchange>> sends = new ArrayList<>(records.size());
        for (OutgoingRecord record : records) {
            Exchange exchange = exchange(record);
            CompletableFuture<Exchange> done = new CompletableFuture<>();
            try {
                producer.process(exchange, doneSync -> done.complete(exchange));
            } catch (RuntimeException e) {
                exchange.setException(e);
                done.complete(exchange);
            }
            sends.add(done);
        }
        boolean reportedSlow = false;
        List<OutgoingRecord> failed = new ArrayList<>();
        Throwable failure = null;
        for (int i = 0; i < sends.size(); i++) {
            Exchange exchange = null;
            while (exchange == null) {
                try {
                    exchange = sends.get(i).get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    if (stopping.getAsBoolean()) {
                        throw new InterruptedException("shutdown");
                    }
                    if (!reportedSlow && Duration.between(started, clock.instant()).compareTo(AWAY_AFTER) > 0) {
                        reportedSlow = true;
                        away.began(started);
                        problems.failed(new org.apache.kafka.common.errors.TimeoutException("no acknowledgement "
                                + "for " + AWAY_AFTER.toSeconds() + " s; " + held.heldSnapshots() + " snapshots ("
                                + held.heldBytes() + " bytes) held"));
                    }
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e); // never completed exceptionally
                }
            }
            OutgoingRecord record = records.get(i);
            Exception error = exchange.getException();
            if (error == null) {
                acknowledged(record);
            } else if (causedBy(error, RecordTooLargeException.class)) {
                // the broker's own limit is smaller than max.request.size: this record can never be written
                // (not a Kafka outage: the dead letter goes out in the next round, without back-off)
                failed.add(sizeCheck.refusedByBroker(record));
            } else {
                failed.add(record);
                failure = failure == null ? error : failure;
            }
        }
        return new Result(started, failed, failure);
    }

    private Exchange exchange(OutgoingRecord record) {
        Exchange exchange = new DefaultExchange(camelContext);
        Message message = exchange.getIn();
        record.headers().forEach(message::setHeader);
        message.setHeader(KafkaConstants.KEY, record.key());
        message.setHeader(KafkaConstants.OVERRIDE_TOPIC, record.topic());
        message.setBody(record.value());
        return exchange;
    }

    private void acknowledged(OutgoingRecord record) {
        if (record.topic().equals(statusTopic) && record.value() != null && record.org() != null) {
            orgs.all().stream().filter(org -> org.alias().equals(record.org())).findFirst()
                    .ifPresent(org -> org.stats().eventsPublished.incrementAndGet());
        }
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}

package io.github.genesysqueuefeed.alerts;

import io.github.genesysqueuefeed.event.QueueStatusEvent;
import io.github.genesysqueuefeed.event.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One threshold rule from the rules file. It opens when {@code field operator open} holds for {@code forSnapshots}
 * snapshots in a row, and closes when the value is back on the other side of {@code close} (hysteresis: with
 * {@code >}, open above 10 and close below 5 never flaps at 10).
 *
 * @param queueIds    the queues it applies to; empty with a null pattern = every queue
 * @param namePattern a glob on the queue name ({@code Support*}, {@link QueueNameGlob}), or null
 */
public record AlertRule(String name, String field, String operator, double open, double close, int forSnapshots,
                        Set<String> queueIds, QueueNameGlob namePattern) {

    public static final List<String> FIELDS = List.of("waiting", "interacting", "alerting", "oldestWaitingSeconds",
            "agents.onQueue", "agents.available", "agents.busy", "agents.notResponding", "agents.offQueue",
            "agents.members", "agents.active");
    public static final List<String> OPERATORS = List.of(">", ">=", "<", "<=");

    public boolean appliesTo(QueueStatusEvent event) {
        if (queueIds.isEmpty() && namePattern == null) {
            return true;
        }
        return queueIds.contains(event.queueId())
                || (namePattern != null && event.queueName() != null && namePattern.matches(event.queueName()));
    }

    public boolean breaches(double value) {
        return switch (operator) {
            case ">" -> value > open;
            case ">=" -> value >= open;
            case "<" -> value < open;
            default -> value <= open;
        };
    }

    public boolean clears(double value) {
        return operator.startsWith(">") ? value < close : value > close;
    }

    public static double value(QueueStatusEvent event, String field) {
        return switch (field) {
            case "waiting" -> event.waiting();
            case "interacting" -> event.interacting();
            case "alerting" -> event.alerting();
            case "oldestWaitingSeconds" -> {
                Instant since = Timestamps.parse(event.oldestWaitingSince());
                Instant at = Timestamps.parse(event.observedAt());
                yield since == null || at == null ? 0 : Math.max(0, Duration.between(since, at).toMillis() / 1000.0);
            }
            case "agents.onQueue" -> event.agents().onQueue();
            case "agents.available" -> event.agents().available();
            case "agents.busy" -> event.agents().busy();
            case "agents.notResponding" -> event.agents().notResponding();
            case "agents.offQueue" -> event.agents().offQueue();
            case "agents.members" -> event.agents().members();
            case "agents.active" -> event.agents().active();
            default -> throw new IllegalArgumentException("unknown field " + field);
        };
    }
}

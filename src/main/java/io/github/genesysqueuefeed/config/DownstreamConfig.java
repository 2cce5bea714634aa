package io.github.genesysqueuefeed.config;

import java.time.Duration;

/**
 * What consumers get beyond one event per queue per snapshot.
 *
 * @param statusMode      {@code every-snapshot} or {@code on-change}
 * @param heartbeatPeriod in on-change mode, an unchanged queue is re-published at least this often
 * @param alertRulesFile  the threshold rules ops edit; re-read when it changes
 */
public record DownstreamConfig(String statusMode, Duration heartbeatPeriod, String alertRulesFile) {
}

package io.github.genesysqueuefeed.config;

import io.github.genesysqueuefeed.secrets.Secret;

import java.time.Duration;
import java.util.List;

/**
 * One Genesys org the feed polls: where it lives, how it logs in, which queues, how often and how fast.
 *
 * @param alias            the org's name in events ({@code org} field and header) and metrics
 * @param queueIds         configured queue ids; empty means discover every queue the client can see
 * @param queueNameFilter  discovery narrowed by name ({@code *text*} pattern as Genesys takes it), or null
 * @param divisionIds      discovery narrowed to these divisions
 */
public record OrgConfig(
        String alias,
        String apiUrl,
        String loginUrl,
        String clientId,
        Secret clientSecret,
        List<String> queueIds,
        String queueNameFilter,
        List<String> divisionIds,
        Duration pollPeriod,
        int batchSize,
        int requestsPerMinute) {

    public boolean discoversQueues() {
        return queueIds.isEmpty();
    }
}

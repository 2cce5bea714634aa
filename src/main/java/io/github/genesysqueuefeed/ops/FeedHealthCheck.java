package io.github.genesysqueuefeed.ops;

import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The feed's health checks, each either liveness or readiness, never both (Camel's default is readiness only): a
 * liveness probe that saw a readiness check would restart the pod for a Genesys or Kafka outage.
 */
abstract class FeedHealthCheck extends AbstractHealthCheck {

    private final boolean liveness;

    FeedHealthCheck(String id, boolean liveness) {
        super("genesys-feed", id);
        this.liveness = liveness;
    }

    @Override
    public final boolean isLiveness() {
        return liveness;
    }

    @Override
    public final boolean isReadiness() {
        return !liveness;
    }
}

package io.github.genesysqueuefeed.ops;

import io.github.genesysqueuefeed.publish.KafkaProblems;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness as Kafka answers the feed's sends: DOWN with the problem's sentence (authentication failed, certificate
 * not trusted, topic missing, ...) while the last send failed, UP again with the first acknowledged one. Not a
 * liveness check: restarting the feed does not fix a wrong password or a missing topic.
 */
public final class KafkaReadinessCheck extends AbstractHealthCheck {

    private final KafkaProblems problems;

    public KafkaReadinessCheck(KafkaProblems problems) {
        super("genesys-feed", "kafka");
        this.problems = problems;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        problems.current().ifPresentOrElse(problem -> {
            builder.detail("problem", problem.kind());
            builder.detail("since", problem.since().toString());
            builder.message("kafka: " + problem.message()).down();
        }, builder::up);
    }
}

package io.github.genesysqueuefeed.ops;

import io.github.genesysqueuefeed.publish.KafkaProblems;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness as Kafka answers the feed's sends: DOWN with the problem's sentence (authentication failed, certificate
 * not trusted, topic missing, ...) while the last send failed, UP again with the first acknowledged one. Not a
 * liveness check: restarting the feed does not fix a wrong password or a missing topic.
 */
public final class KafkaReadinessCheck extends FeedHealthCheck {

    private final KafkaProblems problems;

    public KafkaReadinessCheck(KafkaProblems problems) {
        super("kafka", false);
        this.problems = problems;
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

package io.github.genesysqueuefeed.genesys;

import java.time.Duration;

/** Told of every 429 and how long the token's calls pause for it: the org's counters, without genesys knowing them. */
public interface RateLimitRecorder {

    void rateLimited(Duration pause);
}

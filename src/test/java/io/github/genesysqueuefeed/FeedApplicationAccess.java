package io.github.genesysqueuefeed;

import io.github.genesysqueuefeed.config.HaConfig;
import org.apache.camel.cluster.CamelClusterService;

/** Test access to FeedApplication's package-private factories. */
public final class FeedApplicationAccess {

    private FeedApplicationAccess() {
    }

    public static CamelClusterService clusterService(HaConfig ha) {
        return FeedApplication.clusterService(ha);
    }
}

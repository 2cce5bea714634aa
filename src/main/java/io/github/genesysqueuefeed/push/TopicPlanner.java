package io.github.genesysqueuefeed.push;

import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ChannelKeeper}'s current plan (which topics each channel should carry, {@link ChannelPlan}) and the
 * queues that did not fit, said once in the log. Plain state behind one monitor: callers replan from any thread,
 * the keeper's pass reads a consistent plan.
 */
final class TopicPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelKeeper.class);

    private final String org;
    private final ChannelSettings settings;
    private List<Set<String>> planned = List.of();
    private Set<String> overflow = Set.of();
    private boolean overflowLogged;

    TopicPlanner(String org, ChannelSettings settings) {
        this.org = org;
        this.settings = settings;
    }

    /** @return the queues beyond {@code maxChannels * topicsPerChannel} */
    synchronized Set<String> setQueues(Set<String> queueIds) {
        ChannelPlan.Result plan = ChannelPlan.plan(planned, queueIds, settings.topicsPerChannel(),
                settings.maxChannels());
        planned = plan.channels();
        overflow = plan.overflow();
        if (!overflow.isEmpty() && !overflowLogged) {
            overflowLogged = true;
            LOG.warn("org '{}': {} queues are more than {} channels of {} topics hold; {} of them are polled "
                            + "instead of pushed. Logged once", org, queueIds.size(), settings.maxChannels(),
                    settings.topicsPerChannel(), overflow.size());
        }
        return overflow;
    }

    synchronized Set<String> overflow() {
        return overflow;
    }

    synchronized List<Set<String>> planned() {
        return planned;
    }
}

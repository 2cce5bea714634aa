package io.github.genesysqueuefeed.push;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which queue goes on which channel: at most {@code perChannel} topics per channel and {@code maxChannels} channels;
 * whatever does not fit overflows (the feed polls those). A re-plan keeps every queue where it was, drops the queues
 * that went and puts new ones first-fit (sorted, so a plan is reproducible): a discovery change costs one
 * subscription call per touched channel, not a reshuffle of all of them.
 */
final class ChannelPlan {

    record Result(List<Set<String>> channels, Set<String> overflow) {
    }

    private ChannelPlan() {
    }

    static Result plan(List<Set<String>> current, Set<String> wanted, int perChannel, int maxChannels) {
        List<Set<String>> channels = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        for (Set<String> onChannel : current) {
            if (channels.size() == maxChannels) {
                break;
            }
            Set<String> kept = new LinkedHashSet<>();
            for (String id : onChannel) {
                if (wanted.contains(id) && kept.size() < perChannel && placed.add(id)) {
                    kept.add(id);
                }
            }
            channels.add(kept);
        }
        Set<String> overflow = new LinkedHashSet<>();
        int slot = 0;
        for (String id : new TreeSet<>(wanted)) {
            if (placed.contains(id)) {
                continue;
            }
            while (slot < channels.size() && channels.get(slot).size() >= perChannel) {
                slot++;
            }
            if (slot == channels.size()) {
                if (channels.size() == maxChannels) {
                    overflow.add(id);
                    continue;
                }
                channels.add(new LinkedHashSet<>());
            }
            channels.get(slot).add(id);
        }
        while (!channels.isEmpty() && channels.get(channels.size() - 1).isEmpty()) {
            channels.remove(channels.size() - 1);
        }
        List<Set<String>> frozen = new ArrayList<>();
        channels.forEach(c -> frozen.add(Collections.unmodifiableSet(c)));
        return new Result(List.copyOf(frozen), Collections.unmodifiableSet(overflow));
    }
}

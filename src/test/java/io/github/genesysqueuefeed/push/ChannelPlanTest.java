package io.github.genesysqueuefeed.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChannelPlanTest {

    @Test
    void twentyThousandAndFiveQueuesFillTwentyChannelsAndOverflowFive() {
        ChannelPlan.Result plan = ChannelPlan.plan(List.of(), queues(1, 20_005), 1000, 20);

        assertEquals(20, plan.channels().size());
        plan.channels().forEach(c -> assertEquals(1000, c.size()));
        assertEquals(queues(20_001, 20_005), plan.overflow());
    }

    @Test
    void aReplanKeepsQueuesWhereTheyAreAndFillsGapsFirst() {
        ChannelPlan.Result first = ChannelPlan.plan(List.of(), queues(1, 5), 2, 20);
        assertEquals(List.of(queues(1, 2), queues(3, 4), queues(5, 5)), first.channels());

        Set<String> wanted = queues(2, 7);
        ChannelPlan.Result second = ChannelPlan.plan(first.channels(), wanted, 2, 20);
        assertEquals(List.of(Set.of("q-00002", "q-00006"), queues(3, 4), Set.of("q-00005", "q-00007")),
                second.channels());
        assertEquals(Set.of(), second.overflow());
    }

    @Test
    void emptiedChannelsInTheMiddleStayInPlaceAndTrailingOnesGo() {
        ChannelPlan.Result first = ChannelPlan.plan(List.of(), queues(1, 6), 2, 20);
        ChannelPlan.Result second = ChannelPlan.plan(first.channels(), Set.of("q-00001", "q-00005"), 2, 20);
        assertEquals(List.of(Set.of("q-00001"), Set.of(), Set.of("q-00005")), second.channels());
        assertEquals(List.of(Set.of("q-00001")),
                ChannelPlan.plan(second.channels(), Set.of("q-00001"), 2, 20).channels());
    }

    @Test
    void backOffDoublesFromOneSecondWithJitterAndStaysWithinItsBounds() {
        Duration min = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(60);
        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 32_000L, 60_000L, 60_000L),
                IntStream.of(1, 2, 3, 4, 6, 7, 40).mapToObj(n -> ReconnectBackoff.delay(n, min, max, () -> 1.0)
                        .toMillis()).toList());
        assertEquals(List.of(1000L, 1000L, 2000L, 4000L, 16_000L, 30_000L, 30_000L),
                IntStream.of(1, 2, 3, 4, 6, 7, 40).mapToObj(n -> ReconnectBackoff.delay(n, min, max, () -> 0.0)
                        .toMillis()).toList());
    }

    private static Set<String> queues(int from, int to) {
        Set<String> ids = new LinkedHashSet<>();
        IntStream.rangeClosed(from, to).forEach(i -> ids.add(String.format("q-%05d", i)));
        return ids;
    }
}

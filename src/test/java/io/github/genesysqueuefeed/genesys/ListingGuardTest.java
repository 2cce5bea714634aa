package io.github.genesysqueuefeed.genesys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Genesys' paging fields, taken as untrusted input. */
class ListingGuardTest {

    @Test
    void honestPagingReadsEveryPage() {
        ListingGuard guard = new ListingGuard(100);
        ListingGuard.Verdict first = guard.page(1, 3, 250, ids(0, 100));
        assertFalse(first.stops());
        assertEquals(3, first.lastPage());
        assertFalse(guard.page(2, 3, 250, ids(100, 200)).stops());
        ListingGuard.Verdict last = guard.page(3, 3, 250, ids(200, 250));
        assertFalse(last.stops());
        assertTrue(last.usePage());
        assertNull(guard.note());
    }

    @Test
    void aPageCountAboveWhatTotalAllowsIsCutToIt() {
        ListingGuard guard = new ListingGuard(100);
        ListingGuard.Verdict verdict = guard.page(1, 1_000_000_000L, 3, ids(0, 3));
        assertFalse(verdict.stops());
        assertEquals(1, verdict.lastPage(), "3 queues at 100 a page: one page, whatever pageCount says");
        assertTrue(guard.note().contains("pageCount 1000000000"), guard.note());
    }

    @Test
    void anEmptyPageBeforeTheEndStopsWithoutUsingIt() {
        ListingGuard guard = new ListingGuard(100);
        guard.page(1, 3, 300, ids(0, 100));
        ListingGuard.Verdict verdict = guard.page(2, 3, 300, List.of());
        assertTrue(verdict.stops());
        assertTrue(verdict.stopReason().contains("empty"), verdict.stopReason());
        // an empty last page (queues deleted while paging) is fine
        ListingGuard lastEmpty = new ListingGuard(100);
        lastEmpty.page(1, 2, 200, ids(0, 100));
        assertFalse(lastEmpty.page(2, 2, 200, List.of()).stops());
    }

    @Test
    void aRepeatedPageStops() {
        ListingGuard guard = new ListingGuard(100);
        guard.page(1, 50, 5000, ids(0, 100));
        ListingGuard.Verdict verdict = guard.page(2, 50, 5000, ids(0, 100));
        assertTrue(verdict.stops());
        assertFalse(verdict.usePage());
        assertTrue(verdict.stopReason().contains("repeated"), verdict.stopReason());
    }

    @Test
    void pagingStopsAtTheCapEvenWhenTotalAgrees() {
        ListingGuard guard = new ListingGuard(100);
        ListingGuard.Verdict first = guard.page(1, 5000, 500_000, ids(0, 100));
        assertEquals(ListingGuard.MAX_PAGES, first.lastPage());
        ListingGuard.Verdict atCap = guard.page(ListingGuard.MAX_PAGES, 5000, 500_000, ids(100, 200));
        assertTrue(atCap.stops());
        assertTrue(atCap.usePage(), "the page at the cap still counts");
        assertTrue(atCap.stopReason().contains("1000 pages"), atCap.stopReason());
    }

    @Test
    void namesAreCutToTheDocumentedMaximum() {
        String longName = "x".repeat(1_200_000);
        assertEquals(RoutingQueuesClient.MAX_NAME_CHARS, RoutingQueuesClient.bounded(longName).length());
        assertEquals("Support", RoutingQueuesClient.bounded("Support"));
        assertNull(RoutingQueuesClient.bounded(null));
        String emoji = "a".repeat(255) + "\uD83D\uDE00"; // 257 chars, the pair straddles the cut
        assertEquals(255, RoutingQueuesClient.bounded(emoji).length(), "never half a surrogate pair");
    }

    private static List<String> ids(int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < to; i++) {
            ids.add("q" + i);
        }
        return ids;
    }
}

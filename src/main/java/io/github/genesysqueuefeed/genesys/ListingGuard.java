package io.github.genesysqueuefeed.genesys;

import java.util.List;

/**
 * Decides, page by page, whether a queue listing may go on: Genesys' paging fields are an input like any other, and a
 * {@code pageCount} of 1e9 once spent the whole call budget on listing pages while no snapshot ran.
 *
 * <ul>
 *   <li>pages are read up to {@code pageCount}, but never past what {@code total} allows at the page size (a larger
 *       {@code pageCount} is noted once and ignored), and never past {@value #MAX_PAGES} pages (100,000 queues at 100 a
 *       page): hitting that cap stops the listing as incomplete;</li>
 *   <li>an empty page before the last, or a page with exactly the ids of the page before, stops the listing as
 *       incomplete (the page is not used).</li>
 * </ul>
 * An incomplete listing keeps the directory's last good list (see {@link QueueDirectory}). Hand-written: no paging
 * library knows Genesys' fields.
 */
final class ListingGuard {

    /** At 100 queues a page: 100,000 queues, far above any real org, and 1,000 calls at most per listing. */
    static final int MAX_PAGES = 1_000;

    private final int pageSize;
    private List<String> previousIds = List.of();
    private String note;

    ListingGuard(int pageSize) {
        this.pageSize = pageSize;
    }

    /**
     * What to do after page {@code pageNumber} arrived.
     *
     * @param pageCount Genesys' {@code pageCount} (the page number itself when missing)
     * @param total     Genesys' {@code total}, or -1 when missing
     * @param ids       the queue ids on this page
     */
    Verdict page(int pageNumber, long pageCount, long total, List<String> ids) {
        long lastPage = pageCount;
        if (total >= 0) {
            long allowed = Math.max(1, (total + pageSize - 1) / pageSize);
            if (pageCount > allowed) {
                if (note == null) {
                    note = "pageCount " + pageCount + " is more than total " + total + " allows at " + pageSize
                            + " a page: reading " + allowed + " pages";
                }
                lastPage = allowed;
            }
        }
        if (ids.isEmpty() && pageNumber < lastPage) {
            return Verdict.stop("page " + pageNumber + " of " + lastPage + " was empty", false);
        }
        if (!ids.isEmpty() && ids.equals(previousIds)) {
            return Verdict.stop("page " + pageNumber + " repeated the queues of page " + (pageNumber - 1), false);
        }
        previousIds = ids;
        if (pageNumber >= MAX_PAGES && lastPage > MAX_PAGES) {
            return Verdict.stop("more than " + MAX_PAGES + " pages (" + MAX_PAGES * (long) pageSize
                    + " queues): the rest is not read", true);
        }
        return new Verdict((int) Math.min(lastPage, MAX_PAGES), null, true);
    }

    /** The one thing worth a log line about a listing that still completed (a pageCount that lied), or null. */
    String note() {
        return note;
    }

    /**
     * @param lastPage   the last page to read
     * @param stopReason why the listing stops incomplete here, or null to go on
     * @param usePage    whether this page's queues count
     */
    record Verdict(int lastPage, String stopReason, boolean usePage) {
        static Verdict stop(String reason, boolean usePage) {
            return new Verdict(0, reason, usePage);
        }

        boolean stops() {
            return stopReason != null;
        }
    }
}

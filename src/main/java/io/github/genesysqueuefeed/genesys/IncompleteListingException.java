package io.github.genesysqueuefeed.genesys;

import io.github.genesysqueuefeed.genesys.QueueRef;
import java.util.List;

/**
 * The queue listing stopped before its end because Genesys' paging could not be trusted ({@link ListingGuard}).
 * Carries what was read before, which the directory uses only when it has no earlier list.
 */
public final class IncompleteListingException extends GenesysApiException {

    private final List<QueueRef> partial;

    public IncompleteListingException(String message, List<QueueRef> partial) {
        super(message, 200, "listing.incomplete", null, null);
        this.partial = List.copyOf(partial);
    }

    public List<QueueRef> partial() {
        return partial;
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}

package io.github.genesysqueuefeed.push;

/** The notifications API refused this client (403 or 404): the feed polls instead and tries push again later. */
public final class PushUnavailableException extends RuntimeException {

    private final int status;

    public PushUnavailableException(String message, int status) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}

package io.github.genesysqueuefeed.logging;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Prints logback's own errors (a broken encoder, a bad LOG_LEVEL_* value) on stderr and nothing else. Logback's
 * console status listeners print every status, and without a listener logback prints its whole start-up report
 * whenever a warning occurs, which would put 40 lines in front of a one-line configuration error.
 */
public final class LogbackErrors implements StatusListener {

    @Override
    public void addStatusEvent(Status status) {
        if (status.getEffectiveLevel() >= Status.ERROR) {
            System.err.println("genesys-queue-feed: logging: " + status.getMessage()
                    + (status.getThrowable() == null ? "" : " (" + status.getThrowable() + ")"));
        }
    }
}

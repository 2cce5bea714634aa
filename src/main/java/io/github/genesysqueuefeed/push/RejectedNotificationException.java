package io.github.genesysqueuefeed.push;

/** Why a notification could not be believed; the dead letter's {@code exception} and {@code reason}. */
public final class RejectedNotificationException extends RuntimeException {

    public RejectedNotificationException(String reason) {
        super(reason, null, false, false);
    }
}

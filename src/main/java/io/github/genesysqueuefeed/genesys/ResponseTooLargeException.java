package io.github.genesysqueuefeed.genesys;

import io.github.genesysqueuefeed.genesys.GenesysApiException;

/**
 * Genesys answered more than {@code genesys.http.max-response-bytes}: the body was not read past the cap. Not retried
 * (the same question gets the same answer); the batch goes to the dead letters with this message.
 */
public final class ResponseTooLargeException extends GenesysApiException {

    public static final String CODE = "response.too.large";

    public ResponseTooLargeException(String message, int status) {
        super(message, status, CODE, null, null);
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}

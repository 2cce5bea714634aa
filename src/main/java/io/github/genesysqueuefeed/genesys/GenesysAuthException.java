package io.github.genesysqueuefeed.genesys;

/**
 * The login host did not give us a token. {@link #isCredentialsRejected()} tells a wrong client id or
 * secret (retrying soon is pointless) from a transient failure (5xx, timeout) that the next attempt may fix.
 * Messages never hold the secret or a token.
 */
public final class GenesysAuthException extends RuntimeException {

    private final boolean credentialsRejected;

    public GenesysAuthException(String message, boolean credentialsRejected, Throwable cause) {
        super(message, cause);
        this.credentialsRejected = credentialsRejected;
    }

    public boolean isCredentialsRejected() {
        return credentialsRejected;
    }
}

package io.github.genesysqueuefeed.genesys;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One org's token fetches one at a time, with a bounded wait: a caller that cannot get its turn within one call
 * deadline and a second fails like a timed-out call instead of queueing behind a login host that trickles.
 */
final class TokenTurn {

    private final ReentrantLock lock = new ReentrantLock();
    private final String org;
    private final URI tokenUri;
    private final GenesysHttp http;

    TokenTurn(String org, URI tokenUri, GenesysHttp http) {
        this.org = org;
        this.tokenUri = tokenUri;
        this.http = http;
    }

    /** Waits for the running fetch at most one call deadline and a second, then fails like a timed-out call. */
    void acquire() {
        Duration wait = http.callTimeout().plusSeconds(1);
        try {
            if (lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenesysAuthException("org '" + org + "': interrupted while waiting for a token", false, null);
        }
        throw new GenesysAuthException("org '" + org + "': no token within " + wait.toMillis()
                + " ms: another token request to " + tokenUri + " is still running", false, null);
    }

    /** The turn within the same bound, or false (also when interrupted). */
    boolean tryAcquire() {
        try {
            return lock.tryLock(http.callTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void release() {
        lock.unlock();
    }
}

package io.github.genesysqueuefeed.push;

/** Why a channel's socket was opened again (a label of the reconnects metric). */
public enum ReconnectReason {
    /** Nothing, not even a heartbeat, for the heartbeat timeout: the socket is taken for dead. */
    HEARTBEAT_TIMEOUT("heartbeat-timeout"),
    /** Genesys announced {@code v2.system.socket_closing}: a new channel was made before the old one went. */
    SOCKET_CLOSING("socket-closing"),
    /** The socket closed or failed without being asked to. */
    DROPPED("dropped"),
    /** The channel was about to expire (24 h) and was replaced by a new one. */
    EXPIRY("expiry");

    private final String label;

    ReconnectReason(String label) {
        this.label = label;
    }

    /** The metric tag value. */
    public String label() {
        return label;
    }
}

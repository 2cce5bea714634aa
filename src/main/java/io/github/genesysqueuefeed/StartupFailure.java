package io.github.genesysqueuefeed;

import io.github.genesysqueuefeed.config.FeedConfig;

/** The one line an operator reads when the feed does not start: the root cause, and the keys to check. */
final class StartupFailure {

    private StartupFailure() {
    }

    /** The root cause of a failed start, with the key to look at when Kafka is the cause. */
    static String describe(Throwable failure, FeedConfig config) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root instanceof java.nio.file.NoSuchFileException) {
            return "no such file or folder: " + message + " (the YAML routes are read from routes/ in the working "
                    + "directory: start the feed from its folder, or set CAMEL_MAIN_ROUTES_INCLUDE_PATTERN and "
                    + "CAMEL_MAIN_ROUTES_RELOAD_DIRECTORY)";
        }
        for (Throwable cause = failure; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            // a truststore or keystore the producer cannot open: name the file and the keys, not only "password incorrect"
            if (cause.getClass().getName().startsWith("org.apache.kafka") && cause.getMessage() != null
                    && cause.getMessage().startsWith("Failed to load SSL keystore")) {
                return cause.getMessage() + ": " + message + " (check kafka.ssl.truststore.password and "
                        + "kafka.ssl.truststore.type, or kafka.ssl.keystore.* if it is the client certificate)";
            }
        }
        if (root.getClass().getName().startsWith("org.apache.kafka")) {
            return message + " (kafka.brokers=" + config.kafkaBrokers() + ")";
        }
        return message;
    }
}

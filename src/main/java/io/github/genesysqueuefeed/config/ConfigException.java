package io.github.genesysqueuefeed.config;

/**
 * A configuration value that stops start-up. The message is one line that names the key, says what is
 * wrong and gives an example of a good value; it is what the operator sees, so it never holds a secret.
 */
public final class ConfigException extends RuntimeException {

    private final String key;

    public ConfigException(String key, String problem, String example) {
        super(key + ": " + problem + " (example: " + example + ")", null, false, false);
        this.key = key;
    }

    public String key() {
        return key;
    }
}

package io.github.genesysqueuefeed.secrets;

/**
 * A value that must never reach a log line, an exception message, a metric or a dead letter. Its
 * {@code toString()} is a mask, so string concatenation and Camel's own logging cannot leak it by accident.
 */
public final class Secret {

    private final String value;

    public Secret(String value) {
        this.value = value;
        Masking.register(value); // masked in every log line and record from now on
    }

    /** The clear value, for the one place that needs it (the Basic auth header). */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return Masking.MASK;
    }
}

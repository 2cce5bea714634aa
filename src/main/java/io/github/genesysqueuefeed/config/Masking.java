package io.github.genesysqueuefeed.config;

/**
 * Replaces secret values (a client secret, a bearer token) wherever a text echoes them: error bodies that end up in
 * exception messages and logs, and every field of a dead letter. The one place that knows the mask.
 */
public final class Masking {

    public static final String MASK = "******";

    private Masking() {
    }

    /** {@code text} with every non-empty value of {@code secrets} masked; null stays null, null secrets are skipped. */
    public static String mask(String text, String... secrets) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                masked = masked.replace(secret, MASK);
            }
        }
        return masked;
    }
}

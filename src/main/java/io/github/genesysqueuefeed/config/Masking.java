package io.github.genesysqueuefeed.config;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replaces secret values wherever a text echoes them: error bodies that end up in exception messages and logs,
 * every field of a dead letter, and (through the log backend) every log line. The one place that knows the mask.
 *
 * <p>Process-wide on purpose: a secret is a secret for every org, log line and record, so the configuration
 * registers every secret it reads (client secrets, SASL, truststore and proxy passwords) and the token provider
 * registers every token it is issued; {@link #maskKnown(String)} masks them all, wherever the text came from.
 */
public final class Masking {

    public static final String MASK = "******";

    /** Shorter values are not registered: masking "a" or "12" everywhere would garble every log line. */
    static final int MIN_SECRET_LENGTH = 4;

    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    private Masking() {
    }

    /** Remembers {@code secret} so that {@link #maskKnown(String)} masks it from now on; null and short values are ignored. */
    public static void register(String secret) {
        if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
            KNOWN.add(secret);
        }
    }

    /** {@code text} with every registered secret masked; null stays null. */
    public static String maskKnown(String text) {
        if (text == null || KNOWN.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String secret : KNOWN) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    /** {@code text} with every non-empty value of {@code secrets}, and every registered secret, masked; null stays null. */
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
        return maskKnown(masked);
    }
}

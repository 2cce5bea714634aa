package io.github.genesysqueuefeed.secrets;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replaces secret values wherever a text echoes them: error bodies that end up in exception messages and logs,
 * every field of a dead letter, and (through the log backend) every log line. The one place that knows the mask.
 *
 * <p>Process-wide on purpose: a secret is a secret for every org, log line and record, so the configuration
 * registers every secret it reads (client secrets, SASL, truststore and proxy passwords) and the token provider
 * registers every token it is issued; {@link #maskKnown(String)} masks them all, wherever the text came from.
 *
 * <p>Secrets nobody registered (a password in a URL, an {@code Authorization} value a server echoes, a token in
 * an error body) are caught by their shape: {@link #maskPatterns(String)}. {@link #maskAll(String)} is both, the
 * one step every dead-letter field and every log line goes through; {@link #forLog(String)} also escapes control
 * characters, so text from Genesys cannot forge a log line. The log backend (logback.xml) calls {@link #forLog} on
 * every message and {@link #maskAll} on every finished line. The shapes are {@link SecretPatterns}', the escaping
 * {@link ControlCharacters}'; this class keeps the registry. Hand-written because logback and
 * logstash-logback-encoder only offer regex masks: they know neither the registered secrets nor how to tell a
 * Basic credential from the word "Basic".
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

    /**
     * {@code text} with every non-empty value of {@code secrets}, every registered secret and every secret-shaped
     * value ({@link #maskPatterns}) masked; null stays null.
     */
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
        return maskAll(masked);
    }

    /** Registered secrets and secret-shaped values masked: the step every log line and dead-letter field takes. */
    public static String maskAll(String text) {
        return maskPatterns(maskKnown(text));
    }

    /** {@link #maskAll}, then control characters escaped: a message or exception message as a log line shows it. */
    public static String forLog(String text) {
        return escapeControls(maskAll(text));
    }

    /**
     * {@code text} with secret-shaped values masked whoever registered them: the password of a
     * {@code scheme://user:password@host} URL, {@code Bearer <token>}, {@code Basic <base64 of user:password>}, and
     * the value of {@code password=}, {@code secret:}, {@code "access_token":"..."}-style pairs (quotes kept, so
     * JSON stays JSON). Null stays null.
     */
    public static String maskPatterns(String text) {
        return SecretPatterns.mask(text);
    }

    /**
     * {@code text} on one line and free of terminal commands: CR, LF, tab and every other C0 control, DEL, the C1
     * controls (0x80-0x9F, CSI among them) and the Unicode line and paragraph separators become {@code \n},
     * {@code \r}, {@code \t} or {@code \}{@code uXXXX}; ANSI escape sequences are thereby inert. Null stays null.
     */
    public static String escapeControls(String text) {
        return ControlCharacters.escape(text);
    }
}

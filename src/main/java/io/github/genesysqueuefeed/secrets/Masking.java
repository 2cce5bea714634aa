package io.github.genesysqueuefeed.secrets;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * every message and {@link #maskAll} on every finished line. Hand-written because logback and
 * logstash-logback-encoder only offer regex masks: they know neither the registered secrets nor how to tell a
 * Basic credential from the word "Basic".
 */
public final class Masking {

    public static final String MASK = "******";

    /** Shorter values are not registered: masking "a" or "12" everywhere would garble every log line. */
    static final int MIN_SECRET_LENGTH = 4;

    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    // Every repetition before the part a match hinges on is bounded ({0,64}, not *): these patterns run on every log
    // line and dead-letter field, and an unbounded run (e.g. [\\w.-]* before "password") backtracks over a long word
    // once per start position: a 1 MB field from Genesys then took minutes and held a snapshot. PAIR also starts only
    // where a word starts (the lookbehind), so a long word costs one attempt, not one per character.

    // user:password@ in any URL: the user stays readable
    private static final Pattern URL_CREDENTIALS =
            Pattern.compile("(?i)\\b([a-z][a-z0-9+._-]{0,31}://[^\\s/?#@:]{0,256}):([^\\s/?#@]{0,256})@");
    // "Authorization: Bearer x", "Bearer x" in an echoed header or body
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer\\s+)([A-Za-z0-9._~+/-]+=*)");
    // "Basic <base64>": masked only when it decodes to user:password, so the word "basic" in prose stays
    private static final Pattern BASIC = Pattern.compile("(?i)\\b(basic\\s+)([A-Za-z0-9+/_-]{4,}=*)");
    // password=..., client_secret: ..., "access_token":"...", sasl.jaas.config's password="..."
    private static final Pattern PAIR = Pattern.compile("(?i)(?<![\\w.-])([\\w.-]{0,64}(?:password|passwd|pwd|secret|token|api[_-]?key"
            + "|authorization)[\"']?\\s{0,16}[:=]\\s{0,16})(\\[hidden]|\"[^\"]*\"|'[^']*'|[^\\s\"',;&}\\])]+)");

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
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = URL_CREDENTIALS.matcher(text).replaceAll("$1:" + MASK + "@");
        masked = BEARER.matcher(masked).replaceAll("$1" + MASK);
        masked = replace(BASIC, masked, m -> isBasicCredential(m.group(2)) ? m.group(1) + MASK : m.group());
        return replace(PAIR, masked, m -> {
            String value = m.group(2);
            if (value.contains(MASK) || value.equalsIgnoreCase("bearer") || value.equalsIgnoreCase("basic")
                    || value.equals("[hidden]")) {
                return m.group(); // masked above, "Authorization: Bearer ******" already, or Kafka's own [hidden]
            }
            char first = value.charAt(0);
            return m.group(1) + (first == '"' || first == '\'' ? first + MASK + first : MASK);
        });
    }

    private static boolean isBasicCredential(String base64) {
        try {
            String decoded = new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
            return decoded.indexOf(':') > 0;
        } catch (IllegalArgumentException notBase64) {
            try {
                return new String(Base64.getUrlDecoder().decode(base64), StandardCharsets.UTF_8).indexOf(':') > 0;
            } catch (IllegalArgumentException notBase64Either) {
                return false;
            }
        }
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    /**
     * {@code text} on one line and free of terminal commands: CR, LF, tab and every other C0 control, DEL, the C1
     * controls (0x80-0x9F, CSI among them) and the Unicode line and paragraph separators become {@code \n},
     * {@code \r}, {@code \t} or {@code \}{@code uXXXX}; ANSI escape sequences are thereby inert. Null stays null.
     */
    public static String escapeControls(String text) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && !isControl(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isControl(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}

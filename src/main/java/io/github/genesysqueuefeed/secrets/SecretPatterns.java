package io.github.genesysqueuefeed.secrets;

import static io.github.genesysqueuefeed.secrets.Masking.MASK;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets nobody registered by their shape: the password of a URL, Bearer and Basic credentials, the value
 * of password / secret / token pairs. Regex masks are all logback and logstash-logback-encoder offer; these are
 * written to tell a Basic credential from the word "Basic" and to stay linear on long input.
 */
final class SecretPatterns {

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

    private SecretPatterns() {
    }

    /**
     * {@code text} with secret-shaped values masked whoever registered them: the password of a
     * {@code scheme://user:password@host} URL, {@code Bearer <token>}, {@code Basic <base64 of user:password>}, and
     * the value of {@code password=}, {@code secret:}, {@code "access_token":"..."}-style pairs (quotes kept, so
     * JSON stays JSON). Null stays null.
     */
    static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = URL_CREDENTIALS.matcher(text).replaceAll("$1:" + MASK + "@");
        masked = BEARER.matcher(masked).replaceAll("$1" + MASK);
        masked = replace(BASIC, masked, m -> isBasicCredential(m.group(2)) ? m.group(1) + MASK : m.group());
        return replace(PAIR, masked, m -> {
            String value = m.group(2);
            // a value only partly masked (a registered secret inside a longer one) is masked whole
            if (unquoted(value).equals(MASK) || value.equalsIgnoreCase("bearer") || value.equalsIgnoreCase("basic")
                    || value.equals("[hidden]")) {
                return m.group(); // masked above, "Authorization: Bearer ******" already, or Kafka's own [hidden]
            }
            char first = value.charAt(0);
            return m.group(1) + (first == '"' || first == '\'' ? first + MASK + first : MASK);
        });
    }

    private static String unquoted(String value) {
        char first = value.charAt(0);
        return (first == '"' || first == '\'') && value.length() >= 2 && value.charAt(value.length() - 1) == first
                ? value.substring(1, value.length() - 1) : value;
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

    private static String replace(Pattern pattern, String text, Function<Matcher, String> with) {
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
}

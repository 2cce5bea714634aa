package io.github.genesysqueuefeed.alerts;

/**
 * A rule's {@code queueName} pattern: {@code *} any run of characters (also none), {@code ?} exactly one character,
 * everything else literal (no escapes, no character classes), compared case-insensitively with the whole name.
 *
 * <p>Matched by hand rather than translated to a regex: {@code java.util.regex} backtracks, and a pattern of 40
 * {@code *} then {@code x} (40 {@code .*} in a row) against a longer name takes exponential time and pinned a core
 * for good (issue 11, case 12); no library on the class path offers a linear glob. This is the classic wildcard
 * match that remembers only the last star and resumes from there: at most pattern length x name length steps,
 * and consecutive stars are collapsed when the pattern is read.
 */
public final class QueueNameGlob {

    /** Longer patterns are rejected when the rules file is read. */
    public static final int MAX_LENGTH = 256;

    private final String pattern;

    private QueueNameGlob(String pattern) {
        this.pattern = pattern;
    }

    public static QueueNameGlob of(String glob) {
        StringBuilder collapsed = new StringBuilder(glob.length());
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c != '*' || collapsed.isEmpty() || collapsed.charAt(collapsed.length() - 1) != '*') {
                collapsed.append(c);
            }
        }
        return new QueueNameGlob(collapsed.toString());
    }

    public boolean matches(String name) {
        int p = 0;
        int n = 0;
        int star = -1;   // position of the last star seen in the pattern
        int resume = 0;  // where in the name that star's run currently ends
        while (n < name.length()) {
            if (p < pattern.length() && pattern.charAt(p) != '*'
                    && (pattern.charAt(p) == '?' || same(pattern.charAt(p), name.charAt(n)))) {
                p++;
                n++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = n;
            } else if (star >= 0) {
                p = star + 1;   // let the last star swallow one more character and try again from there
                n = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static boolean same(char a, char b) {
        // as String.equalsIgnoreCase compares characters
        return a == b || Character.toUpperCase(a) == Character.toUpperCase(b)
                || Character.toLowerCase(a) == Character.toLowerCase(b);
    }

    @Override
    public String toString() {
        return pattern;
    }
}

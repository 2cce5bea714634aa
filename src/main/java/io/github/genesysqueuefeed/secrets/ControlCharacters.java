package io.github.genesysqueuefeed.secrets;

/** Escapes control characters, so that text from outside (Genesys, Kafka) cannot forge or garble a log line. */
final class ControlCharacters {

    private ControlCharacters() {
    }

    /**
     * {@code text} on one line and free of terminal commands: CR, LF, tab and every other C0 control, DEL, the C1
     * controls (0x80-0x9F, CSI among them) and the Unicode line and paragraph separators become {@code \n},
     * {@code \r}, {@code \t} or {@code \}{@code uXXXX}; ANSI escape sequences are thereby inert. Null stays null.
     */
    static String escape(String text) {
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

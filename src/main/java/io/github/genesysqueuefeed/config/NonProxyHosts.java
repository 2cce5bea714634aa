package io.github.genesysqueuefeed.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hosts that skip the proxy: {@code genesys.http.non-proxy-hosts} or {@code NO_PROXY}, comma-separated
 * {@code host}, {@code *.example.com} or {@code .example.com} (a domain and everything under it), {@code *} for all;
 * {@code host:port} entries are matched on the host. The JDK's {@code http.nonProxyHosts} reads neither spelling.
 */
final class NonProxyHosts {

    private NonProxyHosts() {
    }

    /** The patterns of a comma-separated value (null or blank: none), lower case. */
    static List<String> patterns(String value) {
        List<String> patterns = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(",")) {
                String p = part.trim().toLowerCase(Locale.ROOT);
                int colon = p.lastIndexOf(':');
                if (colon > 0 && !p.contains("]") && p.indexOf(':') == colon) {
                    p = p.substring(0, colon); // host:port entries of NO_PROXY: the host is what matters here
                }
                if (!p.isEmpty()) {
                    patterns.add(p);
                }
            }
        }
        return List.copyOf(patterns);
    }

    /** True when {@code host} matches one of {@code patterns} (case-insensitive). */
    static boolean matches(List<String> patterns, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        for (String pattern : patterns) {
            if (pattern.equals("*") || pattern.equals(h)) {
                return true;
            }
            // *.example.com and .example.com (curl's NO_PROXY spelling) both mean: any host under example.com
            String suffix = pattern.startsWith("*.") ? pattern.substring(1) : pattern.startsWith(".") ? pattern : null;
            if (suffix != null && (h.endsWith(suffix) || h.equals(suffix.substring(1)))) {
                return true;
            }
        }
        return false;
    }
}

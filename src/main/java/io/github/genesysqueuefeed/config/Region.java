package io.github.genesysqueuefeed.config;

import java.util.List;

/** Genesys Cloud region keys and the two hosts each derives: api.&lt;key&gt; and login.&lt;key&gt;. */
public final class Region {

    public static final List<String> KNOWN = List.of(
            "mypurecloud.com", "mypurecloud.ie", "mypurecloud.de", "mypurecloud.jp", "mypurecloud.com.au",
            "usw2.pure.cloud", "cac1.pure.cloud", "apne2.pure.cloud", "euw2.pure.cloud", "aps1.pure.cloud",
            "sae1.pure.cloud", "mec1.pure.cloud", "apne3.pure.cloud", "euc2.pure.cloud",
            "use2.us-gov-pure.cloud");

    private Region() {
    }

    public static boolean isKnown(String key) {
        return KNOWN.contains(key);
    }

    public static String apiUrl(String key) {
        return "https://api." + key;
    }

    public static String loginUrl(String key) {
        return "https://login." + key;
    }
}

package io.github.genesysqueuefeed.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Naming of the per-org keys: {@code genesys.orgs.<alias>.<suffix>}, falling back to {@code genesys.<suffix>}. */
public final class OrgKeys {

    /** Comma-separated org aliases; needed when per-org keys come only from environment variables. */
    public static final String ORGS = "genesys.orgs";
    public static final String DEFAULT_ALIAS = "default";

    private OrgKeys() {
    }

    public static String key(String alias, String suffix) {
        return ORGS + "." + alias + "." + suffix;
    }

    static List<String> aliases(String commaSeparated) {
        List<String> aliases = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                aliases.add(part.trim());
            }
        }
        return aliases;
    }

    /** Aliases named in {@code genesys.orgs} plus any that appear as a key prefix, in a stable order. */
    static List<String> aliases(ConfigSource source) {
        Set<String> aliases = new LinkedHashSet<>(source.get(ORGS).map(OrgKeys::aliases).orElse(List.of()));
        String prefix = ORGS + ".";
        source.asMap().keySet().stream()
                .filter(k -> k.startsWith(prefix))
                .map(k -> k.substring(prefix.length()))
                .filter(rest -> rest.indexOf('.') > 0)
                .map(rest -> rest.substring(0, rest.indexOf('.')))
                .sorted()
                .forEach(aliases::add);
        return List.copyOf(aliases);
    }
}

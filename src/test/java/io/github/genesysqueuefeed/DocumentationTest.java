package io.github.genesysqueuefeed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.config.ConfigKey;
import io.github.genesysqueuefeed.config.ConfigSource;
import io.github.genesysqueuefeed.config.FeedKeys;
import io.github.genesysqueuefeed.support.Feed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Users configure the feed from README.md: every key the feed reads must be written there. */
class DocumentationTest {

    @Test
    void everyFeedKeyOfApplicationPropertiesIsInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        List<String> missing = Feed.defaults().keySet().stream()
                .filter(key -> !key.startsWith("camel."))
                .filter(key -> !readme.contains(key))
                .sorted().toList();
        assertTrue(missing.isEmpty(), "keys missing from README.md: " + missing);
    }

    /**
     * README.md's configuration table is the key table of config/FeedKeys, row for row: a key declared, changed or
     * removed there fails here with the table as it should read, ready to paste over the old one.
     */
    @Test
    void theReadmesConfigurationTableIsTheDeclaredKeyTable() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        int header = readme.indexOf(CONFIG_TABLE_HEADER);
        assertTrue(header >= 0, "README.md has no configuration table starting with: " + CONFIG_TABLE_HEADER);
        List<String> actual = new java.util.ArrayList<>();
        for (int i = header; i < readme.size() && readme.get(i).startsWith("|"); i++) {
            actual.add(readme.get(i));
        }
        List<String> expected = new java.util.ArrayList<>(List.of(CONFIG_TABLE_HEADER, "|---|---|---|"));
        FeedKeys.all().forEach(key -> expected.add(readmeRow(key)));
        assertEquals(String.join("\n", expected), String.join("\n", actual),
                "README.md's configuration table differs from config/FeedKeys; it should read:\n"
                        + String.join("\n", expected) + "\n");
    }

    static final String CONFIG_TABLE_HEADER = "| key (environment variable) | default | meaning |";

    /** One key as README.md's table shows it: name and variables, default, meaning with the range and secrecy. */
    static String readmeRow(ConfigKey key) {
        String variables = "`" + ConfigSource.envName(key.name()) + "`" + (key.variables().isEmpty() ? ""
                : ", else " + String.join(", ", key.variables().stream().map(v -> "`" + v + "`").toList()));
        String byDefault = key.shownDefault() != null ? key.shownDefault()
                : key.defaultValue() != null ? "`" + key.defaultValue() + "`" : "(none)";
        String meaning = key.description() + (key.range() == null ? "" : "; " + key.range())
                + (key.secret() ? "; a secret, never logged" : "");
        return "| `" + key.name() + "` (" + variables + ") | " + byDefault + " | " + meaning + " |";
    }

    @Test
    void everyMetricTheFeedRegistersIsListedInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String metrics = Files.readString(Path.of("src/main/java/io/github/genesysqueuefeed/ops/FeedMetrics.java"));
        List<String> missing = java.util.regex.Pattern.compile("\"(genesys\\.feed\\.[a-z.]+)\"").matcher(metrics)
                .results().map(m -> m.group(1).replace('.', '_'))
                .filter(name -> !readme.contains(name)).distinct().toList();
        assertTrue(missing.isEmpty(), "metrics missing from README.md: " + missing);
    }

    private static List<Path> markdownDocs() throws IOException {
        List<Path> docs = new java.util.ArrayList<>(List.of(Path.of("README.md")));
        try (var files = Files.walk(Path.of("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
    private static java.util.Set<String> anchors(Path markdown) throws IOException {
        return Files.readAllLines(markdown).stream().filter(line -> line.startsWith("#"))
                .map(line -> line.replaceFirst("^#+\\s*", "").toLowerCase(java.util.Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void everyRelativeLinkInTheDocsLeadsSomewhere() throws IOException {
        List<String> broken = new java.util.ArrayList<>();
        for (Path doc : markdownDocs()) {
            var links = java.util.regex.Pattern.compile("\\]\\(([^)\\s]+)\\)").matcher(Files.readString(doc));
            while (links.find()) {
                String link = links.group(1);
                if (link.matches("^[a-z]+:.*")) {
                    continue; // https:, mailto:
                }
                String file = link.contains("#") ? link.substring(0, link.indexOf('#')) : link;
                Path target = file.isEmpty() ? doc : doc.toAbsolutePath().getParent().resolve(file).normalize();
                if (!Files.exists(target)) {
                    broken.add(doc + ": " + link);
                } else if (link.contains("#") && !anchors(target).contains(link.substring(link.indexOf('#') + 1))) {
                    broken.add(doc + ": " + link + " (no such heading)");
                }
            }
        }
        assertTrue(broken.isEmpty(), "links that lead nowhere: " + broken);
    }

    @Test
    void everyMarkdownFileTheProjectMentionsExists() throws IOException {
        // comments and docs name other documents (README.md, docs/CONSUMERS.md ...): each must be in the repository,
        // relative to the root or to the file that names it
        List<String> missing = new java.util.ArrayList<>();
        var mention = java.util.regex.Pattern.compile("[A-Za-z0-9_./-]*[A-Za-z0-9_-]\\.md\\b");
        List<Path> sources = new java.util.ArrayList<>(List.of(Path.of("README.md"), Path.of("pom.xml")));
        for (String folder : List.of("docs", "deploy", "routes", "config", "src/main", "src/test/java", "src/demo/java")) {
            try (var files = Files.walk(Path.of(folder))) {
                files.filter(Files::isRegularFile).forEach(sources::add);
            }
        }
        for (Path source : sources) {
            var matcher = mention.matcher(Files.readString(source, java.nio.charset.StandardCharsets.ISO_8859_1));
            while (matcher.find()) {
                String name = matcher.group().replaceFirst("^(\\./)+", "");
                if (!Files.exists(Path.of(name)) && !Files.exists(source.getParent().resolve(name))) {
                    missing.add(source + " names " + name);
                }
            }
        }
        assertTrue(missing.isEmpty(), "documents that do not exist: " + missing);
    }
}

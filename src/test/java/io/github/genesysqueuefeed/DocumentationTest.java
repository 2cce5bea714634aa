package io.github.genesysqueuefeed;

import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void everyMetricTheFeedRegistersIsListedInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String metrics = Files.readString(Path.of("src/main/java/io/github/genesysqueuefeed/ops/FeedMetrics.java"));
        List<String> missing = java.util.regex.Pattern.compile("\"(genesys\\.feed\\.[a-z.]+)\"").matcher(metrics)
                .results().map(m -> m.group(1).replace('.', '_'))
                .filter(name -> !readme.contains(name)).distinct().toList();
        assertTrue(missing.isEmpty(), "metrics missing from README.md: " + missing);
    }
}

package io.github.genesysqueuefeed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two rules of issue 12 read from the source text of src/main/java, so no library (ArchUnit, jdepend) is needed:
 *
 * <ol>
 *   <li><b>No package import cycle.</b> Package A depends on package B when a file of A names
 *   {@code io.github.genesysqueuefeed.B.SomeClass} (an import, a static import or a fully qualified name in code);
 *   the root package is {@code (root)}. A cycle is printed with, for each step, the files that make it.</li>
 *   <li><b>No class over 150 lines without a reason.</b> A main source file longer than {@value #MAX_LINES} lines must
 *   say why in its class comment (the Javadoc right before its top-level type) with a line that starts with the
 *   marker {@value #MARKER}, e.g. {@code * Why this is long: one parser per rules-file section, kept together}. A
 *   fixed phrase rather than the word "long" anywhere, which "how long" or "long-queue" would satisfy by accident.</li>
 * </ol>
 */
class ArchitectureTest {

    static final int MAX_LINES = 150;
    static final String MARKER = "Why this is long:";

    private static final Path MAIN = Path.of("src/main/java/io/github/genesysqueuefeed");
    private static final Pattern REFERENCE =
            Pattern.compile("\\bio\\.github\\.genesysqueuefeed\\.((?:[a-z][a-z0-9_]*\\.)*)[A-Z]");

    @Test
    void noPackageImportCycle() {
        // package -> package it uses -> files of the first that use it
        Map<String, Map<String, Set<String>>> uses = new TreeMap<>();
        for (Path file : mainFiles()) {
            String from = packageOf(file);
            uses.computeIfAbsent(from, p -> new TreeMap<>());
            Matcher m = REFERENCE.matcher(read(file));
            while (m.find()) {
                String to = m.group(1).isEmpty() ? "(root)" : m.group(1).substring(0, m.group(1).length() - 1);
                if (!to.equals(from)) {
                    uses.get(from).computeIfAbsent(to, p -> new TreeSet<>()).add(MAIN.relativize(file).toString());
                }
            }
        }
        // per tangle (strongly connected packages), the shortest cycle through each of its packages, each step with
        // the files that make it: what has to change to untangle them
        Set<String> cycles = new java.util.LinkedHashSet<>();
        for (Set<String> component : stronglyConnected(uses)) {
            for (String start : component) {
                List<String> cycle = rotated(shortestCycle(start, component, uses));
                StringBuilder text = new StringBuilder(String.join(" -> ", cycle));
                for (int i = 0; i + 1 < cycle.size(); i++) {
                    text.append("\n    ").append(cycle.get(i)).append(" -> ").append(cycle.get(i + 1)).append(": ")
                            .append(uses.get(cycle.get(i)).get(cycle.get(i + 1)));
                }
                cycles.add(text.toString());
            }
        }
        assertEquals("", String.join("\n", cycles), "package import cycles in src/main/java");
    }

    @Test
    void everyClassOver150LinesSaysWhyAtItsTop() {
        List<String> oversized = new ArrayList<>();
        for (Path file : mainFiles()) {
            List<String> lines = read(file).lines().toList();
            if (lines.size() > MAX_LINES && !classComment(lines).lines()
                    .anyMatch(line -> line.strip().replaceFirst("^\\*\\s*", "").startsWith(MARKER))) {
                oversized.add(MAIN.relativize(file) + " (" + lines.size() + " lines)");
            }
        }
        assertEquals("", String.join("\n", oversized), "classes over " + MAX_LINES + " lines without a '" + MARKER
                + "' line in their class comment");
    }

    @Test
    void theReasonIsReadFromTheClassCommentOnly() {
        assertEquals("/**\n * Parses X.\n * Why this is long: one method per section.\n */", classComment(List.of(
                "package p;", "", "/** An import's comment. */", "import a.B;", "", "/**", " * Parses X.",
                " * Why this is long: one method per section.", " */", "@SuppressWarnings(\"x\")",
                "public final class X {", "    /** Why this is long: a member's comment. */", "}")));
        assertEquals("", classComment(List.of("package p;", "", "import a.B;", "", "public record R(int a) {",
                "    /** Why this is long: not the class comment. */", "}")));
    }

    private static final Pattern TOP_LEVEL_TYPE =
            Pattern.compile("(public |final |abstract |sealed |non-sealed )*(class|interface|enum|record|@interface) .*");

    /** The Javadoc just before the first top-level type declaration (annotations between them skipped), or "". */
    static String classComment(List<String> lines) {
        int type = 0;
        while (type < lines.size() && !TOP_LEVEL_TYPE.matcher(lines.get(type)).matches()) {
            type++;
        }
        int end = type - 1;
        while (end >= 0 && (lines.get(end).startsWith("@") || lines.get(end).isBlank())) {
            end--;
        }
        if (end < 0 || !lines.get(end).strip().endsWith("*/")) {
            return "";
        }
        int start = end;
        while (start >= 0 && !lines.get(start).strip().startsWith("/**")) {
            start--;
        }
        return start < 0 ? "" : String.join("\n", lines.subList(start, end + 1));
    }

    private static List<Path> mainFiles() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String packageOf(Path file) {
        Path dir = MAIN.relativize(file).getParent();
        return dir == null ? "(root)" : dir.toString().replace(java.io.File.separatorChar, '.');
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tarjan's algorithm: the components with more than one package (a package never depends on itself here). */
    private static List<Set<String>> stronglyConnected(Map<String, Map<String, Set<String>>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> components = new ArrayList<>();
        int[] counter = {0};
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, onStack, components, counter);
            }
        }
        return components;
    }

    private static void connect(String node, Map<String, Map<String, Set<String>>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<Set<String>> components, int[] counter) {
        index.put(node, counter[0]);
        low.put(node, counter[0]++);
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, components, counter);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                components.add(component);
            }
        }
    }

    /** The same cycle starting (and ending) at its alphabetically first package, so each is printed once. */
    private static List<String> rotated(List<String> cycle) {
        List<String> ring = cycle.subList(0, cycle.size() - 1);
        int first = ring.indexOf(new TreeSet<>(ring).first());
        List<String> rotated = new ArrayList<>(ring.subList(first, ring.size()));
        rotated.addAll(ring.subList(0, first));
        rotated.add(rotated.get(0));
        return rotated;
    }

    /** A shortest path from {@code start} back to itself inside the component (breadth first), start included twice. */
    private static List<String> shortestCycle(String start, Set<String> component,
                                              Map<String, Map<String, Set<String>>> graph) {
        Map<String, String> cameFrom = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String node = queue.poll();
            for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String at = node; !at.equals(start); at = cameFrom.get(at)) {
                        path.add(1, at);
                    }
                    path.add(start);
                    return path;
                }
                if (component.contains(next) && !cameFrom.containsKey(next)) {
                    cameFrom.put(next, node);
                    queue.add(next);
                }
            }
        }
        throw new IllegalStateException("no cycle through " + start);
    }
}

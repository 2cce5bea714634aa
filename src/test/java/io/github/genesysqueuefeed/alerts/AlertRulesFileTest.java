package io.github.genesysqueuefeed.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.genesysqueuefeed.support.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rules file is read strictly (issue 11, case 12): every key's type and range is checked, size, nesting, aliases
 * and rule count are bounded, and a bad file is rejected in one log line while the previous rules stay in force.
 */
class AlertRulesFileTest {

    private static final String GOOD_RULE = "  - name: busy\n    field: waiting\n    open: 10\n";

    /** One rule {@code busy} on {@code waiting} with the given extra lines (already indented by 4). */
    private static String ruleWith(String lines) {
        return "rules:\n  - name: busy\n    field: waiting\n" + lines;
    }

    private static IllegalArgumentException rejected(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> AlertRulesFile.parse(yaml));
    }

    @Test
    void theShippedRulesFileIsValid() throws Exception {
        List<AlertRule> rules = AlertRulesFile.parse(Files.readString(Path.of("config/alert-rules.yaml")));
        assertEquals(List.of("long-queue", "long-wait", "no-agents-available"), rules.stream().map(AlertRule::name).toList());
    }

    @Test
    void aFullRuleIsReadWithItsDefaults() {
        AlertRule full = AlertRulesFile.parse(ruleWith("""
                    operator: ">="
                    open: 10
                    close: 5.5
                    for: 3
                    queues: ["q-1", "q-2"]
                    queueName: "Support*"
                """)).get(0);
        assertEquals(new AlertRule("busy", "waiting", ">=", 10, 5.5, 3, Set.of("q-1", "q-2"), full.namePattern()), full);
        assertEquals("Support*", full.namePattern().toString());

        AlertRule minimal = AlertRulesFile.parse("rules:\n" + GOOD_RULE).get(0);
        assertEquals(">", minimal.operator());
        assertEquals(10, minimal.close(), "close defaults to open");
        assertEquals(1, minimal.forSnapshots());
        assertEquals(Set.of(), minimal.queueIds());
        assertNull(minimal.namePattern());
        assertEquals(List.of(), AlertRulesFile.parse(""), "an empty file: no rules");
    }

    @Test
    void queuesAsAStringIsAnErrorNotEveryQueue() {
        IllegalArgumentException e = rejected(ruleWith("    open: 10\n    queues: \"7f3c2d6e-0000-4000-8000-00000000000a\"\n"));
        assertEquals("rule 1 ('busy'): 'queues' must be a list of queue ids (queues: [\"<id>\"]), not a string "
                + "('7f3c2d6e-0000-4000-8000-00000000000a')", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "open: .nan                 | 'open' NaN is not a finite number from 0 to 1e9",
            "open: .inf                 | 'open' Infinity is not a finite number",
            "open: -.inf                | 'open' -Infinity is not a finite number",
            "open: 1e300                | 'open' 1.0E300 is not a finite number from 0 to 1e9",
            "open: -1                   | 'open' -1 is not a finite number from 0 to 1e9",
            "open: \"10\"               | 'open' must be a number, not a string ('10')",
            "open: true                 | 'open' must be a number, not true",
            "open: [10]                 | 'open' must be a number, not a list",
            "open: 10\\n    close: .nan  | 'close' NaN is not a finite number",
            "open: 10\\n    for: 1e300   | 'for' must be a whole number of snapshots from 1 to 10000, not 1.0E300",
            "open: 10\\n    for: 2.5     | 'for' must be a whole number of snapshots from 1 to 10000, not 2.5",
            "open: 10\\n    for: 0       | 'for' must be a whole number of snapshots from 1 to 10000, not 0",
            "open: 10\\n    for: 10001   | not 10001",
            "open: 10\\n    for: 99999999999999999999 | not 99999999999999999999",
            "open: 10\\n    for: \"2\"   | 'for' must be a whole number of snapshots from 1 to 10000, not a string ('2')",
            "open: 10\\n    close: 20    | 'close' 20.0 would be inside the open range (> 10.0)",
            "open: 10\\n    operator: '=' | 'operator' a string ('=') is not one of [>, >=, <, <=]",
            "open: 10\\n    operator: 1  | 'operator' must be a non-empty string, not 1",
            "open: 10\\n    queues: []   | 'queues' is empty; leave it out to mean every queue",
            "open: 10\\n    queues: [1]  | 'queues' item 1 must be a queue id string, not 1",
            "open: 10\\n    queues: [{a: b}] | 'queues' item 1 must be a queue id string, not a mapping",
            "open: 10\\n    queues: {a: b} | 'queues' must be a list of queue ids",
            "open: 10\\n    queueName: [a] | 'queueName' must be a non-empty string, not a list",
            "open: 10\\n    queueName: \"\" | 'queueName' must be a non-empty string",
            "open: 10\\n    queue: [a]   | unknown key a string ('queue'), known: [name, field",
            "close: 10                  | 'open' is missing"})
    void aBadValueIsRejectedNamingTheRuleAndTheKey(String lines, String problem) {
        IllegalArgumentException e = rejected(ruleWith("    " + lines.replace("\\n", "\n") + "\n"));
        assertTrue(e.getMessage().startsWith("rule 1 ('busy'): "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void nameAndFieldAreCheckedToo() {
        assertEquals("rule 1: 'name' must be a non-empty string, not 123",
                rejected("rules:\n  - name: 123\n    field: waiting\n    open: 1\n").getMessage());
        assertEquals("rule 2: 'name' must be a non-empty string, and is missing",
                rejected("rules:\n" + GOOD_RULE + "  - field: waiting\n    open: 1\n").getMessage());
        assertTrue(rejected("rules:\n  - name: x\n    field: wating\n    open: 1\n").getMessage()
                .startsWith("rule 1 ('x'): 'field' a string ('wating') is not one of [waiting,"));
        assertEquals("rule 2 ('busy'): the name is used twice", rejected("rules:\n" + GOOD_RULE + GOOD_RULE).getMessage());
        assertEquals("rule 1: must be a mapping (name:, field:, ...), not a string ('busy')",
                rejected("rules:\n  - busy\n").getMessage());
        assertEquals("rule 1: 'name' contains control characters",
                rejected("rules:\n  - {name: \"a\\nb\", field: waiting, open: 1}\n").getMessage());
        assertEquals("rule 1 ('x'): 'field' contains control characters",
                rejected("rules:\n  - {name: x, field: \"waiting\\r\", open: 1}\n").getMessage());
    }

    @Test
    void theTopLevelIsChecked() {
        assertEquals("'rules' must be a list of rules, not a string ('none')", rejected("rules: none\n").getMessage());
        assertEquals("'rules' must be a list of rules, not nothing (null)", rejected("rules:\n").getMessage());
        assertEquals("unknown top-level key a string ('rule'): only 'rules' is read", rejected("rule: []\n").getMessage());
        assertEquals("expected a top-level 'rules:' list, found a list", rejected("- name: x\n").getMessage());
        assertThrows(RuntimeException.class, () -> AlertRulesFile.parse(ruleWith("    open: 1\n    open: 2\n")),
                "a duplicate key is an error, not 'the last one wins'");
    }

    @Test
    void deepNestingIsRejectedWithoutAStackOverflow() {
        String flow = "rules: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n";
        IllegalArgumentException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> rejected(flow));
        assertEquals("nested more than 10 levels deep (line 1)", e.getMessage());

        StringBuilder block = new StringBuilder("rules:\n");
        for (int i = 0; i < 12; i++) {
            block.append(" ".repeat(2 * i)).append("- \n");
        }
        assertTrue(rejected(block.toString()).getMessage().startsWith("nested more than 10 levels deep"));
    }

    @Test
    void aliasesSizeAndRuleCountAreBounded() {
        StringBuilder laughs = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 9; i++) {
            laughs.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                laughs.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            laughs.append("]\n");
        }
        assertThrows(RuntimeException.class, () -> AlertRulesFile.parse(laughs.toString()), "billion laughs");

        String tooBig = "rules:\n  - name: \"" + "x".repeat(AlertRulesFile.MAX_FILE_BYTES) + "\"\n";
        RuntimeException big = assertThrows(RuntimeException.class, () -> AlertRulesFile.parse(tooBig));
        assertTrue(big.getMessage().contains("exceeds the limit: 262144 code points"), big.getMessage());

        StringBuilder many = new StringBuilder("rules:\n");
        for (int i = 0; i <= 1_000; i++) {
            many.append("  - {name: r").append(i).append(", field: waiting, open: 1}\n");
        }
        assertEquals("1001 rules, more than the limit of 1000", rejected(many.toString()).getMessage());
    }

    @Test
    void aBadEditIsRejectedInOneLineAndThePreviousRulesStay(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("alert-rules.yaml");
        Files.writeString(path, "rules:\n" + GOOD_RULE);
        AlertRulesFile file = new AlertRulesFile(path);
        List<AlertRule> before = file.current();
        assertEquals(1, before.size());

        try (LogCapture log = LogCapture.start()) {
            Files.writeString(path, ruleWith("    open: .inf\n"));
            Files.setLastModifiedTime(path, FileTime.from(Instant.now().plusSeconds(5)));
            assertEquals(before, file.current(), "the previous rules stay in force");
            assertEquals(before, file.current(), "and the bad file is not read (nor logged) again");

            String rejection = log.linesContaining("rejected");
            assertEquals(1, rejection.lines().count(), log.text());
            assertTrue(rejection.contains("alert rules file " + path + " rejected, the previous 1 rules stay in force: "
                    + "rule 1 ('busy'): 'open' Infinity is not a finite number from 0 to 1e9"), rejection);

            Files.writeString(path, "rules: " + "[".repeat(20_000) + "]".repeat(20_000));
            Files.setLastModifiedTime(path, FileTime.from(Instant.now().plusSeconds(10)));
            assertEquals(before, file.current());
            Files.writeString(path, "rules: []\n" + "#".repeat(AlertRulesFile.MAX_FILE_BYTES));
            Files.setLastModifiedTime(path, FileTime.from(Instant.now().plusSeconds(15)));
            assertEquals(before, file.current());
            Files.writeString(path, "rules: [ this is not yaml");
            Files.setLastModifiedTime(path, FileTime.from(Instant.now().plusSeconds(17)));
            assertEquals(before, file.current());
            assertTrue(log.text().contains("rejected, the previous 1 rules stay in force: not valid YAML: expected ',' or"
                    + " ']', but got <stream end> at line 1, column 26 (while parsing a flow sequence)"), log.text());
            assertTrue(log.text().contains("nested more than 10 levels deep"), log.text());
            assertTrue(log.text().contains("bytes, more than 262144"), log.text());
            assertTrue(!log.text().contains("StackOverflowError") && !log.text().contains("\tat "),
                    "one line each, no stack trace");
        }

        Files.writeString(path, "rules: []\n");
        Files.setLastModifiedTime(path, FileTime.from(Instant.now().plusSeconds(20)));
        assertEquals(List.of(), file.current(), "a good edit after a bad one is taken");
    }

    @Test
    void textsAndListsAreBoundedToo() {
        assertEquals("rule 1: 'name' is 201 characters, more than 200",
                rejected("rules:\n  - {name: " + "n".repeat(201) + ", field: waiting, open: 1}\n").getMessage());
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i <= 1_000; i++) {
            ids.append(i == 0 ? "" : ", ").append("q").append(i);
        }
        assertEquals("rule 1 ('busy'): 'queues' lists 1001 ids, more than 1000",
                rejected(ruleWith("    open: 1\n    queues: [" + ids + "]\n")).getMessage());
        assertEquals("rule 1 ('busy'): 'queueName' is " + (QueueNameGlob.MAX_LENGTH + 1) + " characters, more than "
                        + QueueNameGlob.MAX_LENGTH,
                rejected(ruleWith("    open: 1\n    queueName: " + "x".repeat(QueueNameGlob.MAX_LENGTH + 1) + "\n"))
                        .getMessage());
        assertEquals("rule 1 ('busy'): 'queues' item 2 must be a queue id string, not a string ('a?b')",
                rejected(ruleWith("    open: 1\n    queues: [q1, \"a\\u0007b\"]\n")).getMessage());
    }

    @Test
    void noFileMeansNoRulesAndADeletedFileTakesItsRulesAway(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("alert-rules.yaml");
        AlertRulesFile file = new AlertRulesFile(path);
        try (LogCapture log = LogCapture.start()) {
            assertEquals(List.of(), file.current());
            assertEquals("", log.linesContaining("alert rules"), "a file that never existed is not worth a line");

            Files.writeString(path, "rules:\n" + GOOD_RULE);
            assertEquals(List.of("busy"), file.current().stream().map(AlertRule::name).toList());
            assertTrue(log.text().contains("alert rules loaded from " + path + ": [busy]"), log.text());

            Files.delete(path);
            assertEquals(List.of(), file.current());
            assertEquals(1, log.linesContaining("is gone").lines().count(), log.text());
            assertTrue(log.text().contains("alert rules file " + path + " is gone: no alert rules"), log.text());
            file.current();
            assertEquals(1, log.linesContaining("is gone").lines().count(), "said once, not on every snapshot");
        }
    }
}

package io.zimmigrate.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written journal lines are JSON that Jackson reads the same way, and they read back to the same entry. */
class JournalLinesTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void anyTimelineAndNumbersRoundTripAndJacksonAgrees() {
        qt().withExamples(2000).forAll(strings().allPossible().ofLengthBetween(0, 12), longs().all(), longs().all())
                .checkAssert((timeline, a, b) -> {
                    List<JournalEntry> entries = List.of(
                            new JournalEntry.Imported(timeline, new TaskKey(a, b), a ^ b),
                            new JournalEntry.Rejected(timeline, new TaskKey(b, a), 660400001, "zim.\"" + timeline),
                            new JournalEntry.Sending(timeline, new TaskKey(a, b)),
                            new JournalEntry.Provisioned("user:" + timeline));
                    for (JournalEntry e : entries) {
                        String line = e.toLine();
                        assertThat(JournalEntry.parse(line)).contains(e);
                        try {
                            JsonNode tree = JACKSON.readTree(line);
                            assertThat(tree.get(1).asText()).isEqualTo(e instanceof JournalEntry.Provisioned
                                    ? "user:" + timeline : timeline);
                            assertThat(tree.toString()).as("Jackson reads what we wrote").isEqualTo(
                                    JACKSON.readTree(tree.toString()).toString());
                        } catch (Exception ex) {
                            throw new AssertionError(line, ex);
                        }
                    }
                });
    }

    @Test
    void linesOfAnotherShapeAreJudgedByJackson() {
        assertThat(JournalEntry.parse("[ \"i\", \"g:x\", 5, 6, 7 ]"))
                .contains(new JournalEntry.Imported("g:x", new TaskKey(5, 6), 7));
        assertThat(JournalEntry.parse("[\"i\",\"g:x\",05,6,7]")).isEmpty();
        assertThat(JournalEntry.parse("[\"i\",\"g:x\",5,6]")).isEmpty();
        assertThat(JournalEntry.parse("[\"i\",\"g:x\",5,6,7")).isEmpty();
        assertThat(JournalEntry.parse("[\"in\",\"a\\u00e9\\n\"]")).contains(new JournalEntry.Input("a\u00e9\n"));
        assertThat(JournalEntry.parse("[\"s\",\"g:x\",-9223372036854775808,9223372036854775807]"))
                .contains(new JournalEntry.Sending("g:x", new TaskKey(Long.MIN_VALUE, Long.MAX_VALUE)));
        assertThat(JournalEntry.parse("[]")).isEmpty();
        assertThat(JournalEntry.parse("[\"x\",\"y\"]")).isEmpty();
    }
}

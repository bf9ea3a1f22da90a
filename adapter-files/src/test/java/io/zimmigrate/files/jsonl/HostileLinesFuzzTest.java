package io.zimmigrate.files.jsonl;

import static io.zimmigrate.files.jsonl.HostileLines.BLANK;
import static io.zimmigrate.files.jsonl.HostileLines.CAP;
import static io.zimmigrate.files.jsonl.HostileLines.DUPLICATE;
import static io.zimmigrate.files.jsonl.HostileLines.NOW;
import static io.zimmigrate.files.jsonl.HostileLines.lines;
import static io.zimmigrate.files.jsonl.HostileLines.q;
import static io.zimmigrate.files.jsonl.HostileLines.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.plan.MessageCodec;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.Planner;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.rules.Violation;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import io.zimmigrate.files.jsonl.HostileLines.Line;
import io.zimmigrate.files.jsonl.HostileLines.Recipe;
import io.zimmigrate.files.scratch.FileScratchSpace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.generators.Generate;

/**
 * Fuzzing the canonical JSONL input end to end: generated files mix good lines with malformed and hostile ones
 * (broken JSON, wrong types, huge strings, deep nesting, control characters, invalid UTF-8, forbidden ID characters,
 * out-of-window and future times, oversized bodies, duplicates, blank lines, CRLF) and go through the real
 * {@link JsonlSource} over a real temp file and core's {@link Planner} with a file scratch space. Properties: no
 * exception escapes; each bad line yields exactly one rejection, at its line number, naming the rule the line
 * breaks; every good line is planned exactly once, with its body intact; blank lines yield nothing.
 *
 * <p>The lines come from {@link HostileLines}.
 *
 * <p>Examples per property: {@code -Dfuzz.examples=N} (default 250, a few seconds).
 */
class HostileLinesFuzzTest {
    private static final int EXAMPLES = Integer.getInteger("fuzz.examples", 250);

    @TempDir
    Path dir;

    @Test
    void everyBadLineIsRejectedOnceAtItsLineAndEveryGoodLineIsPlannedOnce() {
        qt().withExamples(EXAMPLES).withShrinkCycles(200)
                .forAll(lists().of(lines()).ofSizeBetween(0, 40).map(HostileLinesFuzzTest::rendered), Generate.booleans(),
                        Generate.booleans())
                .checkAssert(this::check);
    }

    /** Each recipe as the line it makes at its place in the file (so a failure shows the lines themselves). */
    private static List<Line> rendered(List<Recipe> recipes) {
        List<Line> lines = new ArrayList<>(recipes.size());
        for (int i = 0; i < recipes.size(); i++) {
            lines.add(recipes.get(i).render(i + 1));
        }
        return lines;
    }

    private void check(List<Line> generated, boolean crlf, boolean finalNewline) {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        Map<Long, String> badRules = new TreeMap<>();
        Map<String, Long> goodLines = new TreeMap<>();
        Map<String, String> goodBodies = new TreeMap<>();
        List<Line> written = new ArrayList<>();
        String firstGoodId = null;
        long records = 0;
        for (int i = 0; i < generated.size(); i++) {
            int n = i + 1;
            Line line = generated.get(i);
            if (line.rule() == DUPLICATE) {
                if (firstGoodId == null) {
                    line = new Line("good", line.bytes(), null, line.body());
                } else {
                    String json = new String(line.bytes(), StandardCharsets.UTF_8).replace(q("m" + n), q(firstGoodId));
                    line = new Line("duplicate", utf8(json), InputRules.RULE_DUPLICATE_ID, null);
                }
            }
            written.add(line);
            if (line.rule() == null) {
                goodLines.put("m" + n, (long) n);
                goodBodies.put("m" + n, line.body());
                firstGoodId = firstGoodId == null ? "m" + n : firstGoodId;
                records++;
            } else if (line.rule() != BLANK) {
                badRules.put((long) n, line.rule());
                records++;
            }
            file.writeBytes(line.bytes());
            if (i < generated.size() - 1 || finalNewline) {
                file.writeBytes(utf8(crlf ? "\r\n" : "\n"));
            }
        }

        Path path;
        try {
            path = Files.createTempFile(dir, "hostile", ".jsonl");
            Files.write(path, file.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Rejection> rejections = new ArrayList<>();
        Map<String, Long> planned = new TreeMap<>();
        Map<String, String> bodies = new TreeMap<>();
        List<String> twice = new ArrayList<>();
        long read;
        try (ScratchSpace scratch = FileScratchSpace.in(dir)) {
            Planner planner = new Planner(new InputRules(new MessageRules(RuleSet.defaults())), scratch, 2048);
            Plan plan = planner.plan(new JsonlSource(path, "hostile.jsonl", CAP), NOW, rejections::add);
            read = plan.recordsRead();
            try (ScratchSpace.RunReader messages = plan.messages().read()) {
                while (messages.hasNext()) {
                    Message m = MessageCodec.decode(messages.next());
                    if (planned.put(m.id(), m.locator().position()) != null) {
                        twice.add(m.id());
                    }
                    bodies.put(m.id(), m.body().message());
                }
            }
        } catch (RuntimeException e) {
            throw new AssertionError("an exception escaped for lines " + written, e);
        }
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        Map<Long, List<String>> rejected = new TreeMap<>();
        for (Rejection r : rejections) {
            assertThat(r.locator().origin()).isEqualTo("hostile.jsonl");
            assertThat(r.locator().unit()).isEqualTo("line");
            assertThat(rejected.put(r.locator().position(), r.violations().stream().map(Violation::rule).toList()))
                    .as("one rejection per line, line %d of %s", r.locator().position(), written).isNull();
        }
        assertThat(rejected.keySet()).as("rejected lines of %s", written).isEqualTo(badRules.keySet());
        badRules.forEach((n, rule) -> assertThat(rejected.get(n))
                .as("rules of line %d: %s", n, written.get((int) (n - 1))).contains(rule));
        assertThat(twice).as("planned twice").isEmpty();
        assertThat(planned).as("planned lines of %s", written).isEqualTo(goodLines);
        assertThat(bodies).as("bodies").isEqualTo(goodBodies);
        assertThat(read).isEqualTo(records);
    }
}

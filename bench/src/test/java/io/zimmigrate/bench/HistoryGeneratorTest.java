package io.zimmigrate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.zimmigrate.core.input.CanonicalRecords;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.rules.Validation;
import io.zimmigrate.core.plan.KeptPlan;
import io.zimmigrate.core.validation.MessageRules;
import io.zimmigrate.files.journal.FileJournal;
import io.zimmigrate.files.journal.FilePlanStore;
import io.zimmigrate.files.jsonl.JsonlSource;
import io.zimmigrate.files.jsonl.JsonlSourceProvider;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench module's only default-run tests: the generated data is what the benchmarks claim it is. */
class HistoryGeneratorTest {
    private static final long NOW = 1_770_000_000_000L;

    @Test
    void everyGeneratedLineIsAValidCanonicalRecordAndTheShuffleKeepsEveryMessageOnce() throws Exception {
        HistoryShape shape = new HistoryShape(2_000, 7, 3, true, 42, NOW, HistoryShape.DEFAULT_SPAN_MILLIS, 80);
        StringWriter out = new StringWriter();
        new HistoryGenerator(shape).writeTo(out);
        List<String> lines = out.toString().lines().toList();

        MessageRules rules = new MessageRules(RuleSet.defaults());
        Set<String> ids = new HashSet<>();
        Set<String> timelines = new HashSet<>();
        long previousTime = Long.MIN_VALUE;
        boolean inTimeOrder = true;
        for (int i = 0; i < lines.size(); i++) {
            Locator at = Locator.line("gen", i + 1);
            SourceRecord r = CanonicalRecords.decode(lines.get(i), at);
            assertThat(r).as(lines.get(i)).isInstanceOf(SourceRecord.Readable.class);
            Validation v = rules.validate(((SourceRecord.Readable) r).message(), at, i, NOW);
            assertThat(v).as(lines.get(i)).isInstanceOf(Validation.Accepted.class);
            Message m = ((Validation.Accepted) v).message();
            assertThat(m.body().message()).hasSize(80);
            ids.add(m.id());
            m.timelines().forEach(t -> timelines.add(t.key()));
            inTimeOrder &= m.sendTime() >= previousTime;
            previousTime = m.sendTime();
        }
        assertThat(lines).hasSize(2_000);
        assertThat(ids).hasSize(2_000);
        assertThat(timelines).hasSize(shape.timelines()).hasSize(13);
        assertThat(inTimeOrder).as("a shuffled file is not in time order").isFalse();
    }

    @Test
    void unshuffledHistoryIsInTimeOrderAndTheSameSeedGivesTheSameFile() throws Exception {
        HistoryShape shape = new HistoryShape(500, 3, 0, false, 7, NOW, 3_600_000, 10);
        HistoryGenerator g = new HistoryGenerator(shape);
        for (long i = 1; i < 500; i++) {
            assertThat(g.sendTime(i)).isGreaterThanOrEqualTo(g.sendTime(i - 1));
        }
        assertThat(g.sendTime(499)).isLessThanOrEqualTo(NOW - HistoryShape.END_GAP_MILLIS);
        StringWriter a = new StringWriter();
        StringWriter b = new StringWriter();
        g.writeTo(a);
        new HistoryGenerator(shape).writeTo(b);
        assertThat(a.toString()).isEqualTo(b.toString());
    }

    @Test
    void permutationIsABijectionForAnySizeAndSeed() {
        qt().withExamples(60).forAll(integers().between(1, 5_000), longs().all()).checkAssert((n, seed) -> {
            Permutation p = new Permutation(n, seed);
            BitSet seen = new BitSet(n);
            for (int i = 0; i < n; i++) {
                long j = p.apply(i);
                assertThat(j).isBetween(0L, n - 1L);
                assertThat(seen.get((int) j)).as("%d hit twice", j).isFalse();
                seen.set((int) j);
            }
        });
    }

    @Test
    void acknowledgedJournalSettlesTheFirstMessagesOfThePlanAndKeepsThePlanTheRunWouldFind(@TempDir Path dir)
            throws Exception {
        HistoryShape shape = new HistoryShape(300, 4, 1, true, 3, NOW, 3_600_000, 20);
        Path file = dir.resolve("h.jsonl");
        new HistoryGenerator(shape).writeTo(file);
        Path journalDir = dir.resolve("journal");
        JsonlSource source = (JsonlSource) new JsonlSourceProvider().open(file.toString(), java.util.Map.of());
        AcknowledgedJournal.Written w = AcknowledgedJournal.write(source, NOW, journalDir, 100, true);

        assertThat(w.calls()).isBetween(100L, 200L);
        // Short enough never to be compacted: the header, the input line, then a Sending and an Imported line per call.
        assertThat(Files.readAllLines(journalDir.resolve(FileJournal.LOG_FILE))).hasSize((int) (2 * w.calls() + 2));
        try (FileJournal journal = FileJournal.open(journalDir)) {
            JournalState state = JournalState.replay(journal);
            assertThat(state.fingerprint()).isNotBlank();
            assertThat(state.timelines()).hasSizeBetween(4, 6);
            assertThat(state.timelines().values()).allSatisfy(t -> assertThat(t.pendingSend()).isNull());
            KeptPlan.Lookup kept = KeptPlan.find(FilePlanStore.in(journalDir),
                    KeptPlan.keyOf(source, RuleSet.defaults()).orElseThrow(), state.fingerprint());
            assertThat(kept.found()).as(kept.reason()).isTrue();
            assertThat(kept.plan().validMessages()).isEqualTo(300);
        }
    }
}

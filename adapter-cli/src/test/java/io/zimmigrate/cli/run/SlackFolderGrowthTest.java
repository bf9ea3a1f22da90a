package io.zimmigrate.cli.run;

import static io.zimmigrate.cli.SlackFolderExport.ts;
import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.SlackFolderExport;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.port.MessageSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code run --follow} takes of a Slack export folder at each look (issue 15), with a clock the test moves: a
 * file is complete once unchanged for a poll; a conversation's days are taken in date order up to the first still
 * changing; a folder no list names waits; a taken file being rewritten holds the snapshot back; a snapshot whose
 * file changes while it is read is thrown away.
 */
class SlackFolderGrowthTest {
    private static final long T = 1_732_000_000L;
    private static final long POLL_MS = 10;

    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong();

    private SlackFolderGrowth growth(SlackFolderExport export) {
        return new SlackFolderGrowth(export.root().toString(), POLL_MS, nanos::get);
    }

    private void later() {
        nanos.addAndGet(POLL_MS * 1_000_000L);
    }

    private static List<String> texts(Growth.Snapshot snapshot) {
        List<String> out = new ArrayList<>();
        try (MessageSource.RecordStream records = snapshot.source().open()) {
            records.forEachRemaining(r -> out.add(r instanceof SourceRecord.Readable read
                    ? read.message().bodyMessage() : "unreadable " + r.locator()));
        }
        return out;
    }

    /** Gives {@code file} a new modification time (a rewrite with the same bytes). */
    private static void touch(Path file, long plusSeconds) throws Exception {
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + plusSeconds * 1000));
    }

    @Test
    void aFileIsTakenOnceUnchangedForAPollAndADayWaitsForTheOneBefore() throws Exception {
        SlackFolderExport export = new SlackFolderExport(dir.resolve("export")).channel("general", "C01GEN")
                .day("general", "2024-11-19", ts(T, 0) + "|one", ts(T, 60) + "|two");
        SlackFolderGrowth growth = growth(export);
        assertThat(growth.look()).as("nothing was seen unchanged for a poll yet").isNull();
        assertThat(growth.settling()).isTrue();
        later();
        Growth.Snapshot first = growth.look();
        assertThat(first).isNotNull();
        assertThat(growth.settling()).isFalse();
        assertThat(texts(first)).containsExactly("one", "two");

        // Day 20 written, then day 21; day 20 rewritten again: 21 must not go before 20.
        export.day("general", "2024-11-20", ts(T, 86_400) + "|three");
        later();
        export.day("general", "2024-11-21", ts(T, 2 * 86_400) + "|four");
        touch(export.root().resolve("general/2024-11-20.json"), 5);
        assertThat(growth.look()).as("day 20 changed in the last poll, day 21 waits behind it").isEqualTo(first);
        assertThat(growth.unfinished()).contains("2 day files").contains("general/2024-11-20.json");
        later();
        Growth.Snapshot second = growth.look();
        assertThat(texts(second)).containsExactly("one", "two", "three", "four");
        assertThat(second.since(first)).contains("3 day files: 2 new, 0 files rewritten");
        assertThat(growth.look()).as("nothing changed: the same snapshot, nothing to import").isEqualTo(second);
    }

    @Test
    void aFolderNoListNamesWaitsAndATakenFileBeingRewrittenHoldsTheSnapshot() throws Exception {
        SlackFolderExport export = new SlackFolderExport(dir.resolve("export")).channel("general", "C01GEN")
                .day("general", "2024-11-19", ts(T, 0) + "|one")
                .day("launch", "2024-11-19", ts(T, 10) + "|launch one");
        SlackFolderGrowth growth = growth(export);
        growth.look();
        later();
        Growth.Snapshot first = growth.look();
        assertThat(texts(first)).as("launch is in no list yet").containsExactly("one");
        assertThat(growth.unfinished()).contains("1 folder no conversation list names yet (launch)");

        export.channel("launch", "C03LAUNCH");
        export.day("general", "2024-11-19", ts(T, 0) + "|one", ts(T, 5) + "|one and a half");
        assertThat(growth.look()).as("channels.json changed within the poll").isEqualTo(first);
        later();
        Growth.Snapshot second = growth.look();
        assertThat(texts(second)).containsExactly("one", "one and a half", "launch one");

        touch(export.root().resolve("general/2024-11-19.json"), 7);
        export.day("general", "2024-11-20", ts(T, 86_400) + "|two");
        later();
        later();
        touch(export.root().resolve("general/2024-11-19.json"), 9);
        assertThat(growth.look()).as("a taken file is being rewritten: nothing new until it rests").isEqualTo(second);
        assertThat(growth.unfinished()).contains("general/2024-11-19.json changed within the last poll");
    }

    @Test
    void aSnapshotWhoseFileChangesWhileItIsReadIsThrownAway() throws Exception {
        SlackFolderExport export = new SlackFolderExport(dir.resolve("export")).channel("general", "C01GEN")
                .day("general", "2024-11-19", ts(T, 0) + "|one");
        SlackFolderGrowth growth = growth(export);
        growth.look();
        later();
        Growth.Snapshot snapshot = growth.look();
        MessageSource source = snapshot.source();
        assertThat(source.identity()).get().asString().contains("general/2024-11-19.json=");
        export.day("general", "2024-11-19", ts(T, 0) + "|one", ts(T, 1) + "|two");
        try (MessageSource.RecordStream records = source.open()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> records.forEachRemaining(r -> { }))
                    .isInstanceOf(Growth.Moved.class).hasMessageContaining("2024-11-19.json changed while it was read");
        }
    }
}

package io.zimmigrate.files.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.journal.TimelineProgress;
import io.zimmigrate.core.port.Journal;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a JVM while it compacts its journal to the dense form (format 4): the log left is the old one or the new
 * one, whole, and it replays to every acknowledged import (issue 15, P6).
 */
class FileJournalDenseKillTest {
    private static final int TIMELINES = 100_000;

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 20})
    void aKillDuringADenseCompactionLeavesTheOldLogOrTheNewOne(int delayMillis) throws Exception {
        String classpath = String.join(File.pathSeparator,
                location(FileJournal.class), location(Journal.class), location(DenseKillChild.class),
                location(com.fasterxml.jackson.core.JsonProcessingException.class), // core's journal lines name them
                location(com.fasterxml.jackson.databind.JsonNode.class));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                DenseKillChild.class.getName(), temp.toString(), Integer.toString(TIMELINES))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        int acked = 0;
        int compacted = 0;
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = out.readLine();
            if (line == null) {
                break;
            }
            int round = Integer.parseInt(line.substring(line.indexOf(' ') + 1));
            if (line.startsWith("appended")) {
                acked = round;
            } else if (line.startsWith("compacted")) {
                compacted = round;
            } else if (round == 2) { // mid-way through the second compaction (or just after it)
                Thread.sleep(delayMillis + ThreadLocalRandom.current().nextInt(3));
                break;
            }
        }
        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(acked).as("the child imported twice before it was killed").isEqualTo(2);
        assertThat(compacted).as("and compacted once").isEqualTo(1);

        try (FileJournal journal = FileJournal.open(temp)) { // the kill released the child's lock
            JournalState state = JournalState.replay(journal, DenseKillChild.plan(TIMELINES), null);
            assertThat(state.fingerprint()).isEqualTo("fp");
            int later = 0;
            for (int t = 0; t < TIMELINES; t++) {
                TimelineProgress p = state.timeline(ListKeys.key(t));
                assertThat(p).as("timeline %d", t).isNotNull();
                long round = p.lastMsgSeq();
                assertThat(round).as("timeline %d: every acknowledged import, and at most the next round's", t).isBetween(2L, 3L);
                assertThat(p.lastSettled()).isEqualTo(DenseKillChild.key(t, (int) round));
                later += round == 3 && t == later ? 1 : 0;
                assertThat(round == 3).as("timeline %d: the next round's lines survive as a prefix, in order", t)
                        .isEqualTo(t < later);
            }
        }
        assertThat(Files.readString(temp.resolve(FileJournal.LOG_FILE)).lines().findFirst().orElseThrow())
                .endsWith(JournalLineFormat.HEADER_TEXT + FileJournal.FORMAT);
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}

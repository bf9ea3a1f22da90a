package io.zimmigrate.files.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.port.Journal;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compaction of millions of timelines must not hold the new log in memory (issue #13): a JVM with a 16 MiB heap
 * rewrites a journal as 200,000 lines (about 25 MB as written, as much again as one string), which it could not have
 * encoded into one buffer, and every line comes back in order, each checked.
 */
class FileJournalStreamedRewriteTest {
    private static final int LINES = 200_000;

    @TempDir
    Path temp;

    @Test
    void aRewriteLargerThanTheHeapIsWrittenALineBatchAtATime() throws Exception {
        try (FileJournal j = FileJournal.open(temp)) {
            j.append(List.of("before the rewrite"));
        }
        String classpath = String.join(File.pathSeparator,
                location(FileJournal.class), location(Journal.class), location(BigRewriteChild.class));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx16m", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                BigRewriteChild.class.getName(), temp.toString(), Integer.toString(LINES))
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child ended").isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("rewritten");

        int[] seen = {0};
        try (FileJournal j = FileJournal.open(temp)) {
            j.replay(line -> {
                assertThat(line).isEqualTo(BigRewriteChild.line(seen[0]));
                seen[0]++;
            });
        }
        assertThat(seen[0]).isEqualTo(LINES);
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}

package io.zimmigrate.files.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.port.Journal;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILLs a JVM that is appending and checks every acknowledged line survived, in order, with nothing torn. */
class FileJournalKillTest {

    @TempDir
    Path temp;

    @Test
    void everyAcknowledgedAppendSurvivesAKill() throws Exception {
        String classpath = String.join(File.pathSeparator,
                location(FileJournal.class), location(Journal.class), location(KillChild.class));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                KillChild.class.getName(), temp.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        int lastAcked = -1;
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // Kill once it has acknowledged a fair number of lines, mid-stream.
        while (lastAcked < 300 && System.nanoTime() < deadline) {
            String line = out.readLine();
            if (line == null) {
                break;
            }
            lastAcked = Integer.parseInt(line.trim());
        }
        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        // (destroy closes the pipe, so indices printed but not yet read are unknown; the check covers those read.)
        assertThat(lastAcked).as("the child acknowledged appends before it was killed").isGreaterThan(0);

        List<String> replayed = new ArrayList<>();
        try (FileJournal journal = FileJournal.open(temp)) { // the kill released the child's lock
            journal.replay(replayed::add);
        }
        assertThat(replayed.size()).as("lines on disk vs last acknowledged index").isGreaterThan(lastAcked);
        String padding = "x".repeat(200);
        for (int i = 0; i < replayed.size(); i++) {
            assertThat(replayed.get(i)).isEqualTo(KillChild.line(i, padding));
        }
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}

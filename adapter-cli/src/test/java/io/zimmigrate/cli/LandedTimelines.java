package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.emulator.StoredMessage;
import io.zimmigrate.emulator.ZimEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What an emulator holds after a run through the real jar, and the exactly-once check the end-to-end ITs share. */
public final class LandedTimelines {
    private LandedTimelines() {}

    /** Messages stored in all timelines together. */
    public static long count(ZimEmulator zim) {
        return zim.timelineKeys().stream().mapToLong(k -> zim.timeline(k).size()).sum();
    }

    /** Every timeline holds exactly its expected bodies, once each, in order; no other timeline holds anything. */
    public static void assertExactly(ZimEmulator zim, Map<String, List<String>> expected) {
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            assertThat(zim.timeline(e.getKey()).stream().map(StoredMessage::message).toList())
                    .as("timeline %s", e.getKey()).containsExactlyElementsOf(e.getValue());
        }
        assertThat(expected.keySet()).containsAll(zim.timelineKeys());
    }

    /**
     * Waits until at least {@code atLeast} messages landed while {@code run} goes on: up to two minutes, since a busy
     * 2-core box starts a JVM slowly (CI failed at 30 s). Fails, printing the run's log, if the run died first.
     */
    public static void await(ZimEmulator zim, long atLeast, Process run, Path log) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (count(zim) < atLeast && run.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(run.isAlive()).as("still running after %d landed; the run %s", count(zim), state(run, log)).isTrue();
        assertThat(count(zim)).as("landed while the run went on").isGreaterThanOrEqualTo(atLeast);
    }

    private static String state(Process run, Path log) {
        if (run.isAlive()) {
            return "is still running";
        }
        try {
            return "exited " + run.exitValue() + ", printing:\n" + Files.readString(log);
        } catch (IOException e) {
            return "exited " + run.exitValue() + " (its log is unreadable: " + e.getMessage() + ")";
        }
    }
}

package io.zimmigrate.files.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zimmigrate.core.port.Journal;
import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.port.ScratchSpace;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePlanStoreTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> read(ScratchSpace.RunReader r) {
        List<String> out = new ArrayList<>();
        try (r) {
            r.forEachRemaining(b -> out.add(new String(b, StandardCharsets.UTF_8)));
        }
        return out;
    }

    private void keep(FilePlanStore store, String header, int n, String footer) {
        try (PlanStore.Draft d = store.draft(bytes(header))) {
            for (int i = 0; i < n; i++) {
                d.write(bytes("m" + i + "-".repeat(i % 7)));
            }
            d.commit(bytes(footer));
        }
    }

    @Test
    void aKeptPlanReadsBackFromAnyMessage() {
        FilePlanStore store = FilePlanStore.in(dir);
        assertThat(store.find()).isEmpty();
        int n = 3 * FilePlanStore.CHECKPOINT + 17;
        keep(store, "head", n, "foot");
        PlanStore.Stored s = store.find().orElseThrow();
        assertThat(new String(s.header(), StandardCharsets.UTF_8)).isEqualTo("head");
        assertThat(new String(s.footer(), StandardCharsets.UTF_8)).isEqualTo("foot");
        assertThat(s.messages().size()).isEqualTo(n);
        List<String> all = read(s.messages().read());
        assertThat(all).hasSize(n).startsWith("m0", "m1-").endsWith("m" + (n - 1) + "-".repeat((n - 1) % 7));
        for (long from : new long[] {0, 1, 1023, 1024, 1025, 2048, n - 1, n, n + 5}) {
            assertThat(read(s.messages().read(from))).as("from %d", from)
                    .containsExactlyElementsOf(all.subList((int) Math.min(from, n), n));
        }
        assertThat(Files.exists(dir.resolve(FilePlanStore.TEMP_FILE))).isFalse();
    }

    /** Issue 15: a delta keeps its plan pending, rewrites its journal, then promotes it; the kept one stays till then. */
    @Test
    void aPendingPlanLeavesTheKeptOneUntilItIsPromoted() {
        FilePlanStore store = FilePlanStore.in(dir);
        keep(store, "old", 3, "f");
        FilePlanStore pending = (FilePlanStore) store.pending().orElseThrow();
        assertThat(pending.pending()).isEmpty();
        assertThat(pending.find()).isEmpty();
        keep(pending, "new", 5, "g");
        assertThat(new String(store.find().orElseThrow().header(), StandardCharsets.UTF_8)).isEqualTo("old");
        assertThat(new String(pending.find().orElseThrow().header(), StandardCharsets.UTF_8)).isEqualTo("new");
        store.promotePending();
        assertThat(new String(store.find().orElseThrow().header(), StandardCharsets.UTF_8)).isEqualTo("new");
        assertThat(read(store.find().orElseThrow().messages().read())).hasSize(5);
        assertThat(pending.find()).isEmpty();
        assertThat(Files.exists(dir.resolve(FilePlanStore.PENDING_FILE))).isFalse();
        store.promotePending(); // none pending: nothing changes
        assertThat(new String(store.find().orElseThrow().header(), StandardCharsets.UTF_8)).isEqualTo("new");
    }

    @Test
    void anEmptyPlanAndAReplacedPlan() {
        FilePlanStore store = FilePlanStore.in(dir);
        keep(store, "", 0, "");
        assertThat(store.find().orElseThrow().messages().size()).isZero();
        assertThat(read(store.find().orElseThrow().messages().read())).isEmpty();
        keep(store, "second", 5, "f");
        assertThat(read(store.find().orElseThrow().messages().read())).hasSize(5);
        store.discard();
        assertThat(store.find()).isEmpty();
    }

    @Test
    void anAbandonedDraftLeavesTheOldPlanAndNoTemporaryFile() {
        FilePlanStore store = FilePlanStore.in(dir);
        keep(store, "old", 10, "f");
        try (PlanStore.Draft d = store.draft(bytes("new"))) {
            d.write(bytes("half"));
        }
        assertThat(new String(store.find().orElseThrow().header(), StandardCharsets.UTF_8)).isEqualTo("old");
        assertThat(Files.exists(dir.resolve(FilePlanStore.TEMP_FILE))).isFalse();
    }

    @Test
    void aTruncatedPlanIsAbsentAndADamagedMessageStopsTheReaderNamingTheFile() throws Exception {
        FilePlanStore store = FilePlanStore.in(dir);
        keep(store, "head", 2000, "foot");
        Path file = dir.resolve(FilePlanStore.PLAN_FILE);
        byte[] whole = Files.readAllBytes(file);

        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(whole.length / 2);
            f.write(f.read() ^ 0x40 - 1); // flip bits in some message in the middle
        }
        PlanStore.Stored s = store.find().orElseThrow();
        assertThatThrownBy(() -> read(s.messages().read())).isInstanceOf(JournalException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("Delete that file");

        for (int cut : new int[] {0, 10, whole.length / 2, whole.length - 1}) {
            Files.write(file, java.util.Arrays.copyOf(whole, cut));
            assertThat(store.find()).as("cut at %d", cut).isEmpty();
        }
        Files.write(file, whole);
        Files.write(dir.resolve(FilePlanStore.TEMP_FILE), bytes("left over by a crash"));
        assertThat(read(store.find().orElseThrow().messages().read())).hasSize(2000);
    }

    @Test
    void aPlanFileOfTheFirstFormatIsRefusedNamingItsVersion() throws Exception {
        FilePlanStore store = FilePlanStore.in(dir);
        keep(store, "head", 10, "foot");
        Path file = dir.resolve(FilePlanStore.PLAN_FILE);
        byte[] whole = Files.readAllBytes(file);
        // Format 1 began with "ZMPS" and the header's length, no version.
        java.nio.ByteBuffer.wrap(whole).putInt(0, 0x5A4D5053);
        Files.write(file, whole);
        assertThatThrownBy(store::find).isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("format 1").hasMessageContaining("format " + FilePlanStore.FORMAT);
    }

    @Test
    void aDamagedCheckpointIsNeverUsed() throws Exception {
        FilePlanStore store = FilePlanStore.in(dir);
        int n = 3 * FilePlanStore.CHECKPOINT;
        keep(store, "head", n, "foot");
        Path file = dir.resolve(FilePlanStore.PLAN_FILE);
        byte[] whole = Files.readAllBytes(file);
        // The second checkpoint's offset, moved by one whole (short) message: still in range, still aligned.
        int trailer = whole.length - (4 + 4 + 4 + 4 + 8 + 4);
        int second = trailer - 8 * 2;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(whole);
        b.putLong(second, b.getLong(second) + 8 + 5);
        Files.write(file, whole);
        assertThat(store.find()).as("a plan whose index fails its checksum is not trusted").isEmpty();
    }

    /** SIGKILLs a JVM that keeps plan after plan: what is found is always one whole plan, never older than acknowledged. */
    @Test
    void aKillWhileKeepingLeavesTheOldPlanOrTheNewOneWhole() throws Exception {
        String classpath = String.join(File.pathSeparator, location(FilePlanStore.class), location(Journal.class),
                location(PlanKillChild.class));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                PlanKillChild.class.getName(), dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        int acked = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int target = 5 + (int) (System.nanoTime() % 20);
        while (acked < target && System.nanoTime() < deadline) {
            String line = out.readLine();
            if (line == null) {
                break;
            }
            acked = Integer.parseInt(line.trim());
        }
        Thread.sleep(System.nanoTime() % 7); // land somewhere inside the next plan
        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(acked).as("plans kept before the kill").isGreaterThan(0);

        PlanStore.Stored s = FilePlanStore.in(dir).find().orElseThrow();
        int v = Integer.parseInt(new String(s.header(), StandardCharsets.UTF_8).substring("version ".length()));
        assertThat(v).isGreaterThanOrEqualTo(acked);
        assertThat(new String(s.footer(), StandardCharsets.UTF_8)).isEqualTo("footer " + v);
        List<String> messages = read(s.messages().read());
        assertThat(messages).hasSize(PlanKillChild.records(v));
        for (int i = 0; i < messages.size(); i++) {
            assertThat(messages.get(i)).isEqualTo(new String(PlanKillChild.record(v, i), StandardCharsets.UTF_8));
        }
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void aHeaderStreamedToTheStoreReadsBackAndOneOfAnotherLengthIsRefused() {
        // Issue 15: the header of 2 M timelines (a hundred MB) is written to the file as it is made, never in one
        // array beside the plan; its length is announced first, so a writer that breaks its word is refused.
        FilePlanStore store = FilePlanStore.in(dir);
        byte[] chunk = bytes("0123456789abcdef".repeat(4096));
        try (PlanStore.Draft d = store.draft(3L * chunk.length + 1, out -> {
            for (int i = 0; i < 3; i++) {
                out.write(chunk);
            }
            out.write('!');
            out.close(); // must not close the file's stream
        })) {
            d.write(bytes("m0"));
            d.commit(bytes("foot"));
        }
        PlanStore.Stored s = store.find().orElseThrow();
        byte[] header = s.header();
        assertThat(header).hasSize(3 * chunk.length + 1);
        assertThat(new String(header, StandardCharsets.UTF_8)).endsWith("cdef!").startsWith("0123");
        assertThat(read(s.messages().read())).containsExactly("m0");

        assertThatThrownBy(() -> store.draft(10, out -> out.write(bytes("short"))))
                .hasMessageContaining("5 bytes, not the 10 announced");
        assertThat(new String(store.find().orElseThrow().header(), StandardCharsets.UTF_8)).endsWith("!");
    }
}

package io.zimmigrate.files.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zimmigrate.core.port.Journal;
import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.port.ScratchSpace;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15: a kept plan grown by appended parts under a small head ({@link PlanParts}). */
class FilePlanPartsTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static List<String> read(ScratchSpace.RunReader r) {
        List<String> out = new ArrayList<>();
        try (r) {
            r.forEachRemaining(b -> out.add(text(b)));
        }
        return out;
    }

    private static void keep(FilePlanStore store, String header, String name, int n) {
        try (PlanStore.Draft d = store.draft(bytes(header))) {
            for (int i = 0; i < n; i++) {
                d.write(bytes(name + i));
            }
            d.commit(bytes("footer " + name));
        }
    }

    private static void extend(FilePlanStore store, String header, String name, int n, boolean pending) {
        byte[] h = bytes(header);
        try (PlanStore.Draft d = store.extend(h.length, out -> out.write(h), pending).orElseThrow()) {
            for (int i = 0; i < n; i++) {
                d.write(bytes(name + i));
            }
            d.commit(bytes("footer " + name));
        }
    }

    /** The kept plan as "header | part: messages... | ...". */
    private static String whole(FilePlanStore store) {
        PlanStore.Stored s = store.find().orElseThrow();
        StringBuilder out = new StringBuilder(text(s.header()));
        for (PlanStore.Part p : s.parts()) {
            List<String> m = read(p.messages().read());
            out.append(" | ").append(text(p.footer())).append(": ").append(m.size()).append(" ")
                    .append(m.isEmpty() ? "" : m.get(0) + ".." + m.get(m.size() - 1));
        }
        return out.toString();
    }

    private List<String> partFiles() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("plan.part.")).sorted().toList();
        }
    }

    @Test
    void partsAreReadAfterThePlanAndOnlyTheHeadIsReplaced() throws Exception {
        FilePlanStore store = FilePlanStore.in(dir);
        assertThat(store.extend(1, out -> out.write('h'), false)).as("nothing kept: nothing to extend").isEmpty();
        keep(store, "h1", "a", 2500);
        byte[] base = Files.readAllBytes(dir.resolve(FilePlanStore.PLAN_FILE));
        extend(store, "h2", "b", 3, false);
        extend(store, "h3", "c", 0, false);
        extend(store, "h4", "d", 2 * FilePlanStore.CHECKPOINT + 1, false);
        assertThat(whole(store)).isEqualTo("h4 | footer a: 2500 a0..a2499 | footer b: 3 b0..b2 | footer c: 0  "
                + "| footer d: 2049 d0..d2048");
        assertThat(Files.readAllBytes(dir.resolve(FilePlanStore.PLAN_FILE))).as("never rewritten").isEqualTo(base);
        PlanStore.Part d = store.find().orElseThrow().parts().get(3);
        assertThat(read(d.messages().read(1025))).hasSize(1024).startsWith("d1025");
        assertThat(partFiles()).hasSize(3);

        // Kept whole again (a compaction): the parts and the head are stale, and dropped.
        keep(store, "h5", "e", 10);
        assertThat(whole(store)).isEqualTo("h5 | footer e: 10 e0..e9");
        assertThat(Files.exists(dir.resolve(PlanParts.HEAD_FILE))).isFalse();
        store.tidy();
        assertThat(partFiles()).isEmpty();
    }

    @Test
    void aPendingPartIsKeptBesideTheHeadUntilPromotedOrDropped() throws Exception {
        FilePlanStore store = FilePlanStore.in(dir);
        keep(store, "h1", "a", 5);
        extend(store, "h2", "b", 2, false);
        extend(store, "h3", "c", 4, true);
        FilePlanStore pending = (FilePlanStore) store.pending().orElseThrow();
        assertThat(whole(store)).isEqualTo("h2 | footer a: 5 a0..a4 | footer b: 2 b0..b1");
        assertThat(whole(pending)).isEqualTo("h3 | footer a: 5 a0..a4 | footer b: 2 b0..b1 | footer c: 4 c0..c3");
        store.tidy();
        assertThat(partFiles()).as("the pending head names its part: kept").hasSize(2);
        store.promotePending();
        assertThat(whole(store)).startsWith("h3 |").endsWith("footer c: 4 c0..c3");
        assertThat(pending.find()).isEmpty();

        extend(store, "h4", "d", 1, true);
        pending.discard(); // a growth that crashed before its journal rewrite: dropped at start
        store.tidy();
        assertThat(whole(store)).startsWith("h3 |");
        assertThat(partFiles()).hasSize(2);

        keep(pending, "h5", "e", 3); // a pending plan kept whole replaces the parts when promoted
        store.promotePending();
        assertThat(whole(store)).isEqualTo("h5 | footer e: 3 e0..e2");
        store.tidy();
        assertThat(partFiles()).isEmpty();
    }

    /** The crash between the two writes: the part is durable, the head still the old one. */
    @Test
    void aPartNoHeadNamesIsDroppedAtStartAndTheOldPlanStays() throws Exception {
        FilePlanStore store = FilePlanStore.in(dir);
        keep(store, "h1", "a", 5);
        extend(store, "h2", "b", 2, false);
        Path head = dir.resolve(PlanParts.HEAD_FILE);
        byte[] before = Files.readAllBytes(head);
        extend(store, "h3", "c", 4, false);
        Files.write(head, before); // as the kill left it: part c written and synced, the head not yet replaced
        assertThat(partFiles()).hasSize(2);
        assertThat(whole(store)).isEqualTo("h2 | footer a: 5 a0..a4 | footer b: 2 b0..b1");
        store.tidy();
        assertThat(partFiles()).hasSize(1);
        assertThat(whole(store)).isEqualTo("h2 | footer a: 5 a0..a4 | footer b: 2 b0..b1");
        extend(store, "h4", "d", 1, false);
        assertThat(whole(store)).isEqualTo("h4 | footer a: 5 a0..a4 | footer b: 2 b0..b1 | footer d: 1 d0..d0");
    }

    @Test
    void aHeadNamingAMissingOrAnotherPartIsRefusedWithOneLine() throws Exception {
        FilePlanStore store = FilePlanStore.in(dir);
        keep(store, "h1", "a", 5);
        extend(store, "h2", "b", 2, false);
        extend(store, "h3", "c", 3, false);
        Path c = dir.resolve(partFiles().get(1));
        byte[] part = Files.readAllBytes(c);
        Files.delete(c);
        assertThatThrownBy(store::find).isInstanceOf(JournalException.class)
                .hasMessageContaining(PlanParts.HEAD_FILE).hasMessageContaining(c.getFileName() + ", which is missing")
                .hasMessageContaining("delete plan.head and plan.bin")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        store.tidy();
        assertThat(partFiles()).as("tidy drops nothing a head names").hasSize(1);

        Files.copy(dir.resolve(partFiles().get(0)), c); // part b's bytes under part c's name
        assertThatThrownBy(store::find).isInstanceOf(JournalException.class)
                .hasMessageContaining("which is damaged or not the part it names");
        Files.write(c, part);
        assertThat(whole(store)).startsWith("h3 |").endsWith("footer c: 3 c0..c2");
    }

    /** A part damaged inside (same length): the one line says to delete the head and the plan, not the part alone. */
    @Test
    void aDamagedPartSaysToDeleteTheHeadAndThePlan() throws Exception {
        FilePlanStore store = FilePlanStore.in(dir);
        keep(store, "h1", "a", 5);
        extend(store, "h2", "b", 40, false);
        Path b = dir.resolve(partFiles().get(0));
        byte[] bytes = Files.readAllBytes(b);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(b, bytes);
        assertThatThrownBy(() -> whole(store)).isInstanceOf(JournalException.class)
                .satisfies(e -> assertThat(e.getMessage().toLowerCase(java.util.Locale.ROOT))
                        .contains("delete plan.head and plan.bin").doesNotContain("\n"));
    }

    /** SIGKILLs a JVM that appends part after part: what is found is one whole plan, never older than acknowledged. */
    @Test
    void aKillWhileAppendingLeavesTheOldPlanOrTheNewOneWhole() throws Exception {
        String classpath = String.join(File.pathSeparator, location(FilePlanStore.class), location(Journal.class),
                location(PartsKillChild.class));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                PartsKillChild.class.getName(), dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
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
        Thread.sleep(System.nanoTime() % 7); // land somewhere inside the next part
        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(acked).as("plans kept before the kill").isGreaterThan(0);

        FilePlanStore store = FilePlanStore.in(dir);
        store.pending().orElseThrow().discard(); // the journal never named a pending plan here
        store.tidy();
        PlanStore.Stored s = store.find().orElseThrow();
        int v = Integer.parseInt(text(s.header()).substring("version ".length()));
        assertThat(v).isGreaterThanOrEqualTo(acked);
        List<PlanStore.Part> parts = s.parts();
        assertThat(parts).hasSize(v - PartsKillChild.wholeAt(v) + 1);
        for (int p = 0; p < parts.size(); p++) {
            int version = PartsKillChild.wholeAt(v) + p;
            assertThat(text(parts.get(p).footer())).isEqualTo("footer " + version);
            List<String> messages = read(parts.get(p).messages().read());
            assertThat(messages).hasSize(PartsKillChild.records(version));
            for (int i = 0; i < messages.size(); i++) {
                assertThat(messages.get(i)).isEqualTo(text(PartsKillChild.record(version, i)));
            }
        }
        assertThat(partFiles()).as("no part left that the head does not name").hasSize(parts.size() - 1);
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}

package io.zimmigrate.files.journal;

import io.zimmigrate.core.port.PlanStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process for {@link FilePlanPartsTest}: keeps a plan whole, then appends part after part (version v adds
 * {@link #records(int)} messages, each naming v, under the header "version v"), keeping it whole again every 9th
 * version, and prints v only after its commit returned.
 */
public final class PartsKillChild {
    private PartsKillChild() {}

    public static void main(String[] args) {
        FilePlanStore store = FilePlanStore.in(Path.of(args[0]));
        for (int v = 1; ; v++) {
            byte[] header = ("version " + v).getBytes(StandardCharsets.UTF_8);
            boolean whole = v % 9 == 1;
            try (PlanStore.Draft d = whole ? store.draft(header)
                    : store.extend(header.length, out -> out.write(header), v % 2 == 0).orElseThrow()) {
                for (int i = 0; i < records(v); i++) {
                    d.write(record(v, i));
                }
                d.commit(("footer " + v).getBytes(StandardCharsets.UTF_8));
            }
            if (!whole && v % 2 == 0) {
                store.promotePending();
            }
            System.out.println(v);
            System.out.flush();
        }
    }

    /** The first version of the plan that holds version {@code v}: the last one kept whole at or before it. */
    static int wholeAt(int v) {
        return v - (v - 1) % 9;
    }

    static int records(int v) {
        return 300 + (v * 37) % 1500;
    }

    static byte[] record(int v, int i) {
        return ("v" + v + " message " + i + " " + "x".repeat(i % 50)).getBytes(StandardCharsets.UTF_8);
    }
}

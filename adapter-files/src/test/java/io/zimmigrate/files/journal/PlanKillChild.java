package io.zimmigrate.files.journal;

import io.zimmigrate.core.port.PlanStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process for {@link FilePlanStoreTest}: keeps plan after plan (version v has {@link #records(int)} messages,
 * each naming v) and prints v only after its commit returned.
 */
public final class PlanKillChild {
    private PlanKillChild() {}

    public static void main(String[] args) {
        FilePlanStore store = FilePlanStore.in(Path.of(args[0]));
        for (int v = 1; ; v++) {
            try (PlanStore.Draft d = store.draft(("version " + v).getBytes(StandardCharsets.UTF_8))) {
                for (int i = 0; i < records(v); i++) {
                    d.write(record(v, i));
                }
                d.commit(("footer " + v).getBytes(StandardCharsets.UTF_8));
            }
            System.out.println(v);
            System.out.flush();
        }
    }

    static int records(int v) {
        return 2000 + (v * 37) % 3000;
    }

    static byte[] record(int v, int i) {
        return ("v" + v + " message " + i + " " + "x".repeat(i % 50)).getBytes(StandardCharsets.UTF_8);
    }
}

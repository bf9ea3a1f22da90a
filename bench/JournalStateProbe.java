// The journal state's heap per timeline and per provisioned user (issue #13, docs/performance.md): N one-to-one
// timelines settled, then N/2 users provisioned, heap after GC. Runs against any build's jar, so two builds side by side:
//   java -Xmx1g -cp zim-migrate.jar bench/JournalStateProbe.java 1000000
import io.zimmigrate.core.journal.*;
public class JournalStateProbe {
    static long used() {
        for (int i = 0; i < 4; i++) { System.gc(); }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]);
        long base = used();
        JournalState s = new JournalState();
        for (int i = 0; i < n; i++) {
            String owner = "u" + (1000000 + i / 2), peer = "u" + (1000000 + (i * 7919) % n);
            String key = "p:" + owner + "\u0000" + peer;
            s.apply(new JournalEntry.Imported(key, new TaskKey(1_732_000_000_000L + i, i), 1));
        }
        long t = used() - base;
        for (int i = 0; i < n / 2; i++) {
            s.apply(new JournalEntry.Provisioned("user:u" + (1000000 + i)));
        }
        long u = used() - base - t;
        System.out.printf("journal state, heap after GC: %d timelines %.1f B each; %d users %.1f B each (%s)%n", n, t / (double) n, n / 2, u / (n / 2.0), s.fingerprint());
    }
}

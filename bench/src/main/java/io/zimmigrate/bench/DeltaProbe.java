package io.zimmigrate.bench;

import io.zimmigrate.core.engine.LatePolicy;
import io.zimmigrate.core.engine.MigrationListener;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.plan.KeptPlan;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.Planner;
import io.zimmigrate.core.port.Journal;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import io.zimmigrate.files.journal.FileJournal;
import io.zimmigrate.files.journal.FilePlanStore;
import io.zimmigrate.files.jsonl.JsonlSource;
import io.zimmigrate.files.scratch.FileScratchSpace;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Set;

/**
 * What each structure of a delta run holds (issue 15, docs/performance.md "Delta runs at scale"), in this process:
 * the steps of {@code zim-migrate run NEXT --journal DIR}'s delta path one after the other, with the heap left after
 * a full GC after each (the structure's share is the difference) and the bytes the structure's own columns hold
 * (the engine's {@code bytes()}: package-private in core, read here by reflection, as this is a probe, not an API).
 * Run it with a big heap ({@code -Xmx2g}): it measures what a 256 MiB run must hold, it does not have to fit. The
 * journal directory is copied by the caller: the probe does not rewrite it, but the comparison opens it.
 *
 * <pre>DeltaProbe --next FILE --journal DIR</pre>
 */
public final class DeltaProbe {
    private static final Runtime RT = Runtime.getRuntime();

    private DeltaProbe() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of());
        Path next = Path.of(args.required("--next"));
        Path dir = Path.of(args.required("--journal"));
        args.done();
        long base = live();
        System.out.printf("baseline: %d MiB live%n", base >> 20);
        try (FileJournal journal = FileJournal.open(dir); FileScratchSpace scratch = FileScratchSpace.inSystemTemp()) {
            JournalState history = PlanProbe.replayAsText(journal, dir);
            long afterReplay = live();
            System.out.printf("journal state: %,d timelines, columns %s, live +%s%n", history.timelines().size(),
                    mib(history.bytes()), mib(afterReplay - base));
            String journaled = history.fingerprint();
            history = null;
            long t0 = System.nanoTime();
            Plan plan = new Planner(new InputRules(new MessageRules(RuleSet.defaults())), scratch).plan(
                    new JsonlSource(next, next.toString(), JsonlSource.DEFAULT_MAX_LINE_BYTES), System.currentTimeMillis(),
                    r -> { });
            long afterPlan = live();
            System.out.printf("new plan: %,d messages, %,d timelines, %,d users in %.1f s; timeline table %s, user table "
                    + "%s, live +%s%n", plan.validMessages(), plan.timelineTable().size(), plan.users().size(),
                    (System.nanoTime() - t0) / 1e9, mib(bytes(plan.timelineTable())), mib(bytes(plan.users())),
                    mib(afterPlan - base));
            Plan previous = KeptPlan.findPrevious(FilePlanStore.in(dir), journaled).orElseThrow();
            long afterPrevious = live();
            System.out.printf("earlier plan (no tables): %,d messages, live +%s%n", previous.validMessages(),
                    mib(afterPrevious - afterPlan));
            System.out.printf("comparison's own columns: settled messages %s (12 B x %,d), held timelines %s "
                    + "(24 B x %,d)%n", mib(12 * previous.validMessages()), previous.validMessages(),
                    mib(24L * plan.timelineTable().size()), plan.timelineTable().size());
            Class<?> rebase = Class.forName("io.zimmigrate.core.engine.DeltaRebase");
            Method m = rebase.getDeclaredMethod("rebase", Journal.class, Plan.class, Plan.class, long.class,
                    MigrationListener.class, LatePolicy.class);
            m.setAccessible(true);
            t0 = System.nanoTime();
            Object result = m.invoke(null, journal, previous, plan, 0L, MigrationListener.NONE, LatePolicy.REJECT);
            previous = null;
            long afterRebase = live();
            System.out.printf("compared in %.1f s; its result (held columns, carried provisioning) live +%s%n",
                    (System.nanoTime() - t0) / 1e9, mib(afterRebase - afterPrevious));
            Method state = result.getClass().getDeclaredMethod("state");
            state.setAccessible(true);
            JournalState rebased = (JournalState) state.invoke(result);
            result = null;
            long afterState = live();
            System.out.printf("rebased journal state: columns %s, live +%s (beside the new plan: %s live in all)%n",
                    mib(rebased.bytes()), mib(afterState - afterRebase), mib(afterState - base));
            System.out.printf("peak heap used by all pools (with garbage): %s%n", mib(peakUsed()));
        }
    }

    /** The heap left after full GCs. */
    private static long live() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return RT.totalMemory() - RT.freeMemory();
    }

    private static long bytes(Object table) throws ReflectiveOperationException {
        Method m = table.getClass().getDeclaredMethod("bytes");
        m.setAccessible(true);
        return (long) m.invoke(table);
    }

    private static long peakUsed() {
        long peak = 0;
        for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }
}

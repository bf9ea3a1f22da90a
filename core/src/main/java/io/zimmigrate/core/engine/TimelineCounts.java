package io.zimmigrate.core.engine;

import io.zimmigrate.core.table.SparseCounts;

/**
 * A run's counts of each timeline, by the timeline's number in the plan ({@link io.zimmigrate.core.plan.TimelineTable}):
 * the calls its lane saw and how each ended. Sparse columns of a byte per count ({@link SparseCounts}, a count past
 * a byte kept beside): a page of a column exists once a timeline in it counts something there, so a fresh run holds
 * about 2 bytes per timeline (calls seen, imported; int columns held 8, 32 MB of a fresh run of 4 M one-to-one
 * timelines under -Xmx256m), and a resume only the pages of the timelines it still sends to (was 20 bytes per
 * timeline of the plan, whatever the run touched: 40 MB of a 2 M-timeline resume that sent to 2,000, issue #13).
 * Before, the counters of a {@link Lane} kept alive for every timeline ever seen (a lane and its queue were about 500
 * bytes). Lanes come and go; these counts stay for the whole run. Engine thread only.
 *
 * <p>The totals over all timelines are kept as the columns change, by the same methods and nowhere else, so they
 * cannot drift from the columns: summing millions of rows for every progress line was ~8 M reads a second at 2 M
 * timelines (issue #13).
 */
final class TimelineCounts {
    private final SparseCounts calls = new SparseCounts();
    private final SparseCounts imported = new SparseCounts();
    private final SparseCounts rejected = new SparseCounts();
    private final SparseCounts alreadyDone = new SparseCounts();
    private final SparseCounts notAttempted = new SparseCounts();
    private int size;
    private long importedTotal;
    private long rejectedTotal;
    private long alreadyDoneTotal;
    private long notAttemptedTotal;

    /** Makes timelines 0 to {@code n - 1} countable. */
    void reach(int n) {
        if (n > size) {
            calls.reach(n - 1);
            imported.reach(n - 1);
            rejected.reach(n - 1);
            alreadyDone.reach(n - 1);
            notAttempted.reach(n - 1);
            size = n;
        }
    }

    int size() {
        return size;
    }

    int calls(int t) {
        return calls.get(t);
    }

    int imported(int t) {
        return imported.get(t);
    }

    int rejected(int t) {
        return rejected.get(t);
    }

    int alreadyDone(int t) {
        return alreadyDone.get(t);
    }

    int notAttempted(int t) {
        return notAttempted.get(t);
    }

    /** Calls of timeline {@code t} counted in any way (settled, already done or not attempted). */
    long counted(int t) {
        return (long) imported.get(t) + rejected.get(t) + alreadyDone.get(t) + notAttempted.get(t);
    }

    void sawCall(int t) {
        calls.increment(t);
    }

    void addImported(int t) {
        imported.increment(t);
        importedTotal++;
    }

    void addRejected(int t) {
        rejected.increment(t);
        rejectedTotal++;
    }

    void addAlreadyDone(int t) {
        alreadyDone.increment(t);
        alreadyDoneTotal++;
    }

    void addNotAttempted(int t, int n) {
        notAttempted.set(t, notAttempted.get(t) + n);
        notAttemptedTotal += n;
    }

    /** A call the run stopped before reaching: already done when its journal settled it, else not attempted. */
    void unreached(int t, boolean settled) {
        sawCall(t);
        if (settled) {
            addAlreadyDone(t);
        } else {
            addNotAttempted(t, 1);
        }
    }

    /** Calls imported, over all timelines. */
    long importedTotal() {
        return importedTotal;
    }

    /** Calls refused, over all timelines. */
    long rejectedTotal() {
        return rejectedTotal;
    }

    /** Calls the journal had settled, over all timelines (not those skipped without decoding). */
    long alreadyDoneTotal() {
        return alreadyDoneTotal;
    }

    /** Calls not attempted, over all timelines. */
    long notAttemptedTotal() {
        return notAttemptedTotal;
    }

    long bytes() {
        return calls.bytes() + imported.bytes() + rejected.bytes() + alreadyDone.bytes() + notAttempted.bytes();
    }
}

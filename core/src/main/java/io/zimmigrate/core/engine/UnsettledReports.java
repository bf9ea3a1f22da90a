package io.zimmigrate.core.engine;

import com.google.common.collect.HashMultiset;
import com.google.common.collect.Multiset;

/**
 * The lines a rejections sink (the command's rejects file) received after its last settled point
 * ({@link MigrationEvent.Planned}, {@link MigrationEvent.Settled}, or the end of a run) from a run that was then
 * killed: its resume reports those of them that its journal had not settled again, the same lines (a delta killed
 * before its journal rewrite compares the same exports again: issue 15). Each such line is written once: a line the resume reports is skipped while the
 * killed run's region still holds an unmatched copy of it, so a line is never repeated and never dropped (the sink
 * holds it already). A multiset, not a set: two records may break the same rule in the same words.
 *
 * <p>Holds the region's lines, which is what one process wrote after its last settled point: a delta's reports, or
 * what ZIM refused in the turn of the engine the kill came in (each journal flush that settles refusals moves the
 * point: {@link MigrationEvent.Settled}; with {@link OnReject#STOP_TIMELINE} it stays after the first stopped
 * timeline); a clean end settles all of it, so a resume after one holds nothing.
 */
public final class UnsettledReports {
    private final Multiset<String> written = HashMultiset.create();

    private UnsettledReports() {}

    /** Nothing written since the last settled point (a new sink, or one whose last run ended cleanly). */
    public static UnsettledReports none() {
        return new UnsettledReports();
    }

    /** The whole lines written since the last settled point, as the sink holds them. */
    public static UnsettledReports of(Iterable<String> linesSinceSettled) {
        UnsettledReports r = new UnsettledReports();
        linesSinceSettled.forEach(r.written::add);
        return r;
    }

    /**
     * Whether {@code line} is one the killed run wrote already and the resume must not write again: true once per
     * copy the region holds.
     */
    public boolean alreadyWritten(String line) {
        return !written.isEmpty() && written.remove(line);
    }

    /** Lines of the region no report has matched yet (settled by the killed run, or not reported again yet). */
    public int unmatched() {
        return written.size();
    }
}

package io.zimmigrate.core.engine;

import io.zimmigrate.core.plan.TimelineTable;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * {@link MigrationReport#timelines()} as a read-only view over the plan's timeline table and the run's counts: each
 * {@link MigrationReport.TimelineReport} is made when asked for, so a report of millions of timelines holds no object
 * per timeline (a {@code HashMap} of them was about 150 bytes each, issue #13). Iterates in the plan's timeline order.
 */
final class TimelineReports extends AbstractMap<String, MigrationReport.TimelineReport> {
    private final TimelineTable plan;
    private final TimelineCounts counts;

    TimelineReports(TimelineTable plan, TimelineCounts counts) {
        this.plan = plan;
        this.counts = counts;
    }

    @Override
    public int size() {
        return plan.size();
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String k && plan.numberOf(k) >= 0;
    }

    @Override
    public MigrationReport.TimelineReport get(Object key) {
        int i = key instanceof String k ? plan.numberOf(k) : -1;
        return i < 0 ? null : at(i);
    }

    /**
     * The timeline's calls the journal settled before this run: those its lanes found settled, and those the run
     * skipped without decoding (its planned calls its lanes never saw).
     */
    long alreadyDone(int i) {
        return counts.alreadyDone(i) + plan.callsAt(i) - counts.calls(i);
    }

    MigrationReport.TimelineReport at(int i) {
        return new MigrationReport.TimelineReport(plan.callsAt(i), counts.imported(i), counts.rejected(i),
                alreadyDone(i), counts.notAttempted(i));
    }

    @Override
    public Set<Entry<String, MigrationReport.TimelineReport>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return plan.size();
            }

            @Override
            public Iterator<Entry<String, MigrationReport.TimelineReport>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < plan.size();
                    }

                    @Override
                    public Entry<String, MigrationReport.TimelineReport> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(plan.keyAt(i), at(i));
                    }
                };
            }
        };
    }
}

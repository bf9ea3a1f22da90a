package io.zimmigrate.cli.output;

import io.zimmigrate.core.engine.MigrationReport;
import java.util.Map;
import java.util.TreeMap;

/**
 * The timelines of a report with rejections or calls not attempted: the first {@code shown} by key, and how many
 * there are. Keeps only those it shows, so a run stopped early among millions of timelines (all of them "not
 * attempted") does not copy them all into a sorted map to print twenty (issue #13).
 */
public record TroubledTimelines(Map<String, MigrationReport.TimelineReport> shown, long total) {

    public static TroubledTimelines of(MigrationReport report, int shown) {
        TreeMap<String, MigrationReport.TimelineReport> first = new TreeMap<>();
        long[] total = {0};
        report.timelines().forEach((k, t) -> {
            if (t.rejected() > 0 || t.notAttempted() > 0) {
                total[0]++;
                if (first.size() < shown || k.compareTo(first.lastKey()) < 0) {
                    first.put(k, t);
                    if (first.size() > shown) {
                        first.pollLastEntry();
                    }
                }
            }
        });
        return new TroubledTimelines(first, total[0]);
    }

    public long notShown() {
        return Math.max(0, total - shown.size());
    }
}

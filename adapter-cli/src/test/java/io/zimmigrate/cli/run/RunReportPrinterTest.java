package io.zimmigrate.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.MigrationReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run's summary says what the timelines it lists, and those it only counts, have left undone. */
class RunReportPrinterTest {

    private static String printed(Map<String, MigrationReport.TimelineReport> timelines, long rejected, long notAttempted) {
        long calls = timelines.values().stream().mapToLong(MigrationReport.TimelineReport::importCalls).sum();
        MigrationReport r = new MigrationReport(calls, calls, 0, calls, calls - rejected - notAttempted, rejected, 0,
                notAttempted, 0, 0, 0, 0, 0, notAttempted > 0, notAttempted > 0 ? "interrupted (SIGTERM)" : null,
                timelines, 1_000, 1_000);
        StringWriter s = new StringWriter();
        RunReportPrinter.print(new PrintWriter(s), r, 0, false, false);
        return s.toString();
    }

    /**
     * A run of 4 M timelines stopped by SIGTERM said "… and 3999980 more timelines with rejections": none had a
     * rejection, they were not attempted yet.
     */
    @Test
    void timelinesNotShownAreNamedForWhatTheyLackNotAllAsRejections() {
        Map<String, MigrationReport.TimelineReport> stopped = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            stopped.put("g:g" + i, new MigrationReport.TimelineReport(5, 1, 0, 0, 4));
        }
        String out = printed(stopped, 0, 120);
        assertThat(out).contains("… and 10 more timelines with calls not attempted").doesNotContain("rejections");

        Map<String, MigrationReport.TimelineReport> refused = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            refused.put("g:g" + i, new MigrationReport.TimelineReport(5, 4, 1, 0, 0));
        }
        assertThat(printed(refused, 30, 0)).contains("… and 10 more timelines with rejections");
    }

    /** The time is the whole run's; its import phase is said apart when provisioning took most of it. */
    @Test
    void theTimeIsTheWholeRunsWithTheImportPhaseApart() {
        Map<String, MigrationReport.TimelineReport> one = Map.of("g:g", new MigrationReport.TimelineReport(5, 5, 0, 0, 0));
        MigrationReport r = new MigrationReport(5, 5, 0, 5, 5, 0, 0, 0, 0, 0, 0, 0, 0, false, null, one, 845_200, 7_700);
        StringWriter s = new StringWriter();
        RunReportPrinter.print(new PrintWriter(s), r, 0, false, false);
        assertThat(s.toString()).contains("time: 845.2 s (importing 7.7 s)");
        assertThat(printed(one, 0, 0)).contains("time: 1.0 s\n");
    }
}

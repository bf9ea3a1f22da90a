package io.zimmigrate.cli.plan;

import io.zimmigrate.cli.UserException;
import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationEvent;
import io.zimmigrate.core.engine.MigrationException;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.files.journal.FileJournal;
import io.zimmigrate.files.journal.FilePlanStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code plan --journal DIR}: the delta a run of the planned input with that journal would import (issue 15). */
final class DeltaLines {
    private DeltaLines() {}

    static void print(PrintWriter out, Path journalDir, Plan plan, int qps,
                      io.zimmigrate.core.engine.LatePolicy late) {
        if (!Files.exists(journalDir.resolve(FileJournal.LOG_FILE))) {
            throw new UserException("there is no journal in " + journalDir + " (no " + FileJournal.LOG_FILE + ")");
        }
        Optional<MigrationEvent.Delta> delta;
        try (FileJournal journal = FileJournal.open(journalDir)) {
            delta = Migration.previewDelta(journal, FilePlanStore.in(journalDir), plan, late);
        } catch (MigrationException e) {
            throw new UserException(e.getMessage());
        }
        if (delta.isEmpty()) {
            out.println("delta:                 none: the journal was started with this input (a run resumes it)");
            return;
        }
        MigrationEvent.Delta d = delta.get();
        out.printf("delta, new:            %d import calls%n", d.toImport());
        out.printf("delta, late:           %d calls (earlier than their timeline in ZIM: time.behind-timeline)%n",
                d.late());
        if (late == io.zimmigrate.core.engine.LatePolicy.APPEND) {
            out.printf("delta, appended late:  %d calls (earlier than their timeline in ZIM: imported at its end, "
                    + "original send times kept)%n", d.appendedLate());
        }
        out.printf("delta, changed:        %d messages (imported, changed since: record.changed-since-import)%n",
                d.changed());
        out.printf("delta, missing:        %d calls (in ZIM, not in this export)%n", d.missing());
        out.printf("delta, already done:   %d calls%n", d.alreadyImported());
        long calls = d.toImport() + d.appendedLate();
        long seconds = qps == 0 ? 0 : (calls + qps - 1) / qps;
        out.printf("delta time at %d/s:    %s%n", qps,
                qps == 0 ? "uncapped" : String.format("%dh %02dm %02ds", seconds / 3600, seconds / 60 % 60, seconds % 60));
    }
}

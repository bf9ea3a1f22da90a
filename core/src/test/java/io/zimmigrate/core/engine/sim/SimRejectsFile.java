package io.zimmigrate.core.engine.sim;

import io.zimmigrate.core.engine.MigrationEvent;
import io.zimmigrate.core.engine.MigrationListener;
import io.zimmigrate.core.engine.UnsettledReports;
import io.zimmigrate.core.rules.Rejection;
import java.util.ArrayList;
import java.util.List;

/**
 * The command's rejects file, as its runs keep it (adapter-cli RejectsFile, issue 15): a line per rejection ("ID rule
 * line message"), buffered and written when flushed ({@code Settling}, {@code Stopping}, {@code Planned}, the run's
 * end), a killed process's buffer lost; settled (its mark moved to its end) at {@code Planned}, at a run's end, and at
 * {@code Settled} (the journal made durable the refusals reported before it). A run that resumes checks its lines
 * against those written after the last settled point ({@link UnsettledReports}).
 */
final class SimRejectsFile {
    private final List<String> lines = new ArrayList<>();
    private int settledAt;

    List<String> lines() {
        return lines;
    }

    /** How many lines follow the mark: what a run that resumes now reads and holds. */
    int unsettled() {
        return lines.size() - settledAt;
    }

    Process open() {
        return new Process(UnsettledReports.of(new ArrayList<>(lines.subList(settledAt, lines.size()))));
    }

    final class Process implements MigrationListener {
        private final UnsettledReports repeated;
        private final List<String> buffer = new ArrayList<>();

        Process(UnsettledReports repeated) {
            this.repeated = repeated;
        }

        @Override
        public void onEvent(MigrationEvent event) {
            if (event instanceof MigrationEvent.Settling || event instanceof MigrationEvent.Stopping) {
                flush();
            } else if (event instanceof MigrationEvent.Planned || event instanceof MigrationEvent.Settled) {
                ended();
            }
        }

        @Override
        public void onRejection(Rejection r) {
            String line = r.id() + " " + r.violations().get(0).rule() + " " + r.locator() + " "
                    + r.violations().get(0).message();
            if (!repeated.alreadyWritten(line)) {
                buffer.add(line);
            }
        }

        void flush() {
            lines.addAll(buffer);
            buffer.clear();
        }

        /** Planned, Settled, or the run's end: flushed and settled. */
        void ended() {
            flush();
            settledAt = lines.size();
        }

        void killed() {
            buffer.clear();
        }
    }
}

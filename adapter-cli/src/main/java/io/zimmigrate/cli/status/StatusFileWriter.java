package io.zimmigrate.cli.status;

import io.zimmigrate.core.engine.MigrationEvent;
import io.zimmigrate.core.engine.MigrationListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps the journal directory's {@link StatusFile} up to date from a {@link RunTally}: on every progress event
 * (about once a second, provisioning's too), on a stop, and once more when the run ends. Says so once if the file
 * cannot be written, and carries on: the run matters more than its report.
 */
public final class StatusFileWriter implements MigrationListener, AutoCloseable {
    private final Path dir;
    private final RunTally tally;
    private final PrintWriter err;
    private boolean warned;
    private String endState = "stopped";

    public StatusFileWriter(Path dir, RunTally tally, PrintWriter err) {
        this.dir = dir;
        this.tally = tally;
        this.err = err;
    }

    @Override
    public void onEvent(MigrationEvent event) {
        if (event instanceof MigrationEvent.Progress || event instanceof MigrationEvent.Planned
                || event instanceof MigrationEvent.Provisioning || event instanceof MigrationEvent.Stopping) {
            write(tally.stopped() ? "stopping" : "running");
        }
    }

    /** The run reached its end (every call settled or left for a later run), rather than stopping early. */
    public void finished() {
        endState = "finished";
    }

    private void write(String state) {
        Optional<IOException> failed = StatusFile.write(dir, tally.snapshot(state));
        if (failed.isPresent() && !warned) {
            warned = true;
            err.println("warning: cannot write " + dir.resolve(StatusFile.NAME) + " (status will not see this run): "
                    + failed.get().getMessage());
            err.flush();
        }
    }

    @Override
    public void close() {
        write(tally.stopped() ? "stopped" : endState);
    }
}

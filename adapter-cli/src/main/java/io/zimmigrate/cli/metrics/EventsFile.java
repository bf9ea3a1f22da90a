package io.zimmigrate.cli.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.cli.UserException;
import io.zimmigrate.core.engine.MigrationEvent;
import io.zimmigrate.core.engine.MigrationListener;
import io.zimmigrate.core.rules.Rejection;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * {@code run --events FILE}: every engine event as one JSON object per line, for scripts
 * ({@code {"at":"…","type":"imported","timeline":"g:…","messageId":"…","msgSeq":3}}). The fields are the event's
 * (docs/operations.md lists the types); appended, so a resumed run adds to the same file. Flushed about once a
 * second (with each progress event) and at the end, so {@code tail -f} follows a run closely.
 */
public final class EventsFile implements MigrationListener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedWriter out;
    private final Clock clock;
    private boolean failed;

    private EventsFile(Path file, BufferedWriter out, Clock clock) {
        this.file = file;
        this.out = out;
        this.clock = clock;
    }

    public static EventsFile open(Path file, Clock clock) {
        try {
            return new EventsFile(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE), clock);
        } catch (IOException e) {
            throw new UserException("cannot write the events file " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void onEvent(MigrationEvent event) {
        ObjectNode o = JSON.createObjectNode();
        o.put("at", clock.instant().toString());
        o.put("type", type(event.getClass().getSimpleName()));
        o.setAll((ObjectNode) JSON.valueToTree(event));
        write(o, event instanceof MigrationEvent.Progress || event instanceof MigrationEvent.Stopping);
    }

    /** Every rejection, validation's included (those have no timeline event), as {@code type: "rejection"}. */
    @Override
    public void onRejection(Rejection rejection) {
        ObjectNode o = JSON.createObjectNode();
        o.put("at", clock.instant().toString());
        o.put("type", "rejection");
        o.setAll((ObjectNode) JSON.valueToTree(rejection));
        write(o, false);
    }

    private void write(ObjectNode line, boolean flush) {
        if (failed) {
            return;
        }
        try {
            out.write(line.toString());
            out.write('\n');
            if (flush) {
                out.flush();
            }
        } catch (IOException e) {
            failed = true; // the run goes on; close() says so
        }
    }

    /** {@code ProvisionFailed} → {@code provisionFailed}. */
    static String type(String simpleName) {
        return Character.toLowerCase(simpleName.charAt(0)) + simpleName.substring(1);
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            failed = true;
        }
    }

    /** Whether a line could not be written (a full disk): the run went on without it. */
    public boolean failed() {
        return failed;
    }

    public Path file() {
        return file;
    }
}

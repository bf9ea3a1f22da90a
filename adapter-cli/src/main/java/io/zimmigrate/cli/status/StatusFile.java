package io.zimmigrate.cli.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@value #NAME} in the journal directory: the facts about a run that the journal does not keep (rates, counts
 * by rule, the last answer and the last error), rewritten about once a second by the run and read by
 * {@code zim-migrate status} from any terminal. Replaced atomically (written aside, then renamed), so a reader
 * never sees half of it. Losing it is harmless: it is a report, not a record.
 */
public final class StatusFile {
    public static final String NAME = "status.json";
    private static final String TEMP = "status.json.tmp";
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusFile() {}

    /** Replaces the status file in {@code dir}; a failure is returned, not thrown: a report must never stop a run. */
    static Optional<IOException> write(Path dir, ObjectNode status) {
        Path temp = dir.resolve(TEMP);
        try {
            Files.writeString(temp, status.toString() + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temp, dir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, dir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e);
        }
    }

    /** The status the last run in {@code dir} wrote; empty when there is none (an older run, or none yet). */
    static Optional<ObjectNode> read(Path dir) throws IOException {
        Path file = dir.resolve(NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode node = JSON.readTree(file.toFile());
        return node instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
    }
}

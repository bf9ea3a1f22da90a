package io.zimmigrate.cli.options;

import io.zimmigrate.core.idmap.IdMapping;
import io.zimmigrate.core.idmap.MappedIds;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.files.idmap.IdMapFile;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes {@code --id-map FILE}: every source ID that had to change to become a valid ZIM ID, from every source
 * that maps IDs (Slack, Mattermost). Formats that take IDs as they are (JSONL, CSV) reject invalid ones instead,
 * so they add nothing; the file is still written, with its header, so a script can rely on it.
 */
final class IdMapWriter {
    private IdMapWriter() {}

    /** Writes the mappings of {@code sources} to {@code file} and says so on {@code err}; returns how many. */
    static int write(Path file, List<MessageSource> sources, PrintWriter err) {
        Set<IdMapping> all = new LinkedHashSet<>();
        for (MessageSource source : sources) {
            if (source instanceof MappedIds mapped) {
                completeMappings(source, mapped);
                all.addAll(mapped.idMappings());
            }
        }
        try {
            IdMapFile.write(file, new ArrayList<>(all));
        } catch (UncheckedIOException e) {
            throw new io.zimmigrate.cli.UserException(e.getMessage());
        }
        err.println("ID map: " + all.size() + " changed ID" + (all.size() == 1 ? "" : "s") + " written to " + file);
        err.flush();
        return all.size();
    }

    /**
     * A command that stopped early, or a resumed run that did not need the whole input again, may not have read
     * every ID yet; one more pass completes the mapping, which is deterministic, so it is the same as a full run's.
     */
    private static void completeMappings(MessageSource source, MappedIds mapped) {
        if (mapped.idMappingsComplete()) {
            return;
        }
        try (MessageSource.RecordStream pass = source.open()) {
            while (pass.hasNext()) {
                pass.next();
            }
        }
    }
}

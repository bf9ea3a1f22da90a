package io.zimmigrate.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an unpacked Slack export for the --follow tests: two users, public channels named by {@code channels.json},
 * and day files of plain messages. Each write replaces a whole file (through a temporary file and a rename, as an
 * exporter should), so a follow never reads one half-written.
 */
public final class SlackFolderExport {
    private final Path root;
    private final Map<String, String> channels = new LinkedHashMap<>(); // name → id

    public SlackFolderExport(Path root) {
        this.root = root;
        write("users.json", "[{\"id\":\"U01ALICE\",\"name\":\"alice\"},{\"id\":\"U02BOB\",\"name\":\"bob\"}]");
        write("channels.json", "[]");
    }

    public Path root() {
        return root;
    }

    /** Names the channel {@code id} (folder {@code name}) in channels.json. */
    public SlackFolderExport channel(String name, String id) {
        channels.put(name, id);
        List<String> list = new ArrayList<>();
        channels.forEach((n, i) -> list.add("{\"id\":\"" + i + "\",\"name\":\"" + n + "\",\"members\":[\"U01ALICE\","
                + "\"U02BOB\"]}"));
        write("channels.json", "[" + String.join(",", list) + "]");
        return this;
    }

    /** Writes (or rewrites) the day file {@code folder/day.json} with messages, each {@code "ts|text"}. */
    public SlackFolderExport day(String folder, String day, String... messages) {
        List<String> entries = new ArrayList<>();
        for (String m : messages) {
            int bar = m.indexOf('|');
            entries.add("{\"type\":\"message\",\"user\":\"U01ALICE\",\"text\":\"" + m.substring(bar + 1) + "\",\"ts\":\""
                    + m.substring(0, bar) + "\"}");
        }
        write(folder + "/" + day + ".json", "[\n" + String.join(",\n", entries) + "\n]\n");
        return this;
    }

    /** A Slack {@code ts} {@code seconds} after {@code epochSecond}, as "seconds.micros". */
    public static String ts(long epochSecond, long seconds) {
        return (epochSecond + seconds) + ".000100";
    }

    private void write(String file, String text) {
        try {
            Path to = root.resolve(file);
            Files.createDirectories(to.getParent());
            Path tmp = root.resolve(".tmp-write");
            Files.writeString(tmp, text);
            Files.move(tmp, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

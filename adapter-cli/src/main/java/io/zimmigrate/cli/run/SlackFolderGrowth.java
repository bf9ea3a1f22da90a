package io.zimmigrate.cli.run;

import io.zimmigrate.cli.UserException;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.files.slack.SlackSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * An unpacked Slack export that is still being written: conversations gain day files ({@code FOLDER/YYYY-MM-DD.json},
 * today's rewritten as the day goes on), new conversations appear (a folder, and the lists naming it).
 *
 * <p>What is complete (docs/decisions.md): a file whose size and modification time have not changed for one poll
 * interval. A JSON list cannot be appended to, so a day file is rewritten whole; one caught mid-write would read
 * as broken. Of each conversation's day files, the complete ones are taken in date order up to the first that is
 * not: a later day is never imported before an earlier one is, which would make the earlier day's messages late.
 * The workspace files (users, conversation lists) must all be complete, and a folder is taken once a list names
 * it (a new channel's folder may appear before channels.json is rewritten). A file already imported that is being
 * rewritten holds everything back until it rests again; then it is read again in the next import, a delta: its new
 * messages are imported, its changed ones reported.
 */
final class SlackFolderGrowth implements Growth {
    private final String location;
    private final Path root;
    private final long stableNanos;
    private final LongSupplier nanos;
    /** Each file's state and when it was first seen in it. */
    private final Map<String, Seen> seen = new HashMap<>();
    private Map<String, FolderFiles.State> workspaceRead;
    private SlackSource workspace;
    private Snapshot lastComplete;
    private boolean settling;
    private String unfinished = "";

    private record Seen(FolderFiles.State state, long sinceNanos) {}

    SlackFolderGrowth(String location, long stableMillis, LongSupplier nanos) {
        this.location = location;
        this.root = Path.of(location);
        this.stableNanos = stableMillis * 1_000_000L;
        this.nanos = nanos;
    }

    @Override
    public String name() {
        return location;
    }

    @Override
    public boolean settling() {
        return settling;
    }

    @Override
    public String unfinished() {
        return unfinished;
    }

    @Override
    public Snapshot look() {
        Map<String, FolderFiles.State> now = list();
        long at = nanos.getAsLong();
        seen.keySet().retainAll(now.keySet());
        now.forEach((file, state) -> {
            Seen s = seen.get(file);
            if (s == null || !s.state().equals(state)) {
                seen.put(file, new Seen(state, at));
            }
        });
        Set<String> changing = new TreeSet<>();
        now.keySet().stream().filter(f -> at - seen.get(f).sinceNanos() < stableNanos).forEach(changing::add);
        settling = !changing.isEmpty();

        Map<String, FolderFiles.State> workspaceFiles = new TreeMap<>();
        now.forEach((f, s) -> {
            if (f.indexOf('/') < 0) {
                workspaceFiles.put(f, s);
            }
        });
        List<String> workspaceChanging = workspaceFiles.keySet().stream().filter(changing::contains).toList();
        if (!workspaceChanging.isEmpty()) {
            unfinished = String.join(", ", workspaceChanging) + " changed within the last poll (still being written?)";
            return lastComplete;
        }
        if (lastComplete instanceof FolderSnapshot last) {
            List<String> takenChanging = last.files.files().keySet().stream().filter(changing::contains).toList();
            if (!takenChanging.isEmpty()) {
                // A file already taken is being rewritten: what was complete stays so until it rests again.
                unfinished = brief(takenChanging) + " changed within the last poll (being rewritten?)";
                return lastComplete;
            }
        }
        if (!workspaceFiles.equals(workspaceRead)) {
            workspace = SlackSource.withDayFiles(location, Set.of()); // reads the users and the conversation lists
            workspaceRead = workspaceFiles;
        }
        Map<String, FolderFiles.State> chosen = new TreeMap<>(workspaceFiles);
        Set<String> unlisted = new TreeSet<>();
        List<String> waiting = new ArrayList<>();
        String blockedFolder = null;
        int dayFiles = 0;
        for (Map.Entry<String, FolderFiles.State> e : now.entrySet()) { // sorted: a folder's days in date order
            String file = e.getKey();
            int slash = file.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String folder = file.substring(0, slash);
            if (!workspace.listsFolder(folder)) {
                unlisted.add(folder);
            } else if (folder.equals(blockedFolder) || changing.contains(file)) {
                blockedFolder = folder; // this day and the later ones of the folder wait for it
                waiting.add(file);
            } else {
                chosen.put(file, e.getValue());
                dayFiles++;
            }
        }
        unfinished = describe(waiting, unlisted);
        lastComplete = dayFiles == 0 ? null : new FolderSnapshot(new FolderFiles(new TreeMap<>(chosen)));
        return lastComplete;
    }

    private static String describe(List<String> waiting, Set<String> unlisted) {
        List<String> parts = new ArrayList<>();
        if (!waiting.isEmpty()) {
            parts.add(waiting.size() + " day file" + (waiting.size() == 1 ? "" : "s") + " changed within the last poll, or after one that did "
                    + "(" + brief(waiting) + ")");
        }
        if (!unlisted.isEmpty()) {
            parts.add(unlisted.size() + " folder" + (unlisted.size() == 1 ? "" : "s") + " no conversation list "
                    + "names yet (" + brief(new ArrayList<>(unlisted)) + ")");
        }
        return String.join("; ", parts);
    }

    private static String brief(List<String> names) {
        return names.size() <= 3 ? String.join(", ", names) : String.join(", ", names.subList(0, 3)) + ", …";
    }

    /** The workspace files at the root and the day files one folder down, with their states. */
    private Map<String, FolderFiles.State> list() {
        Map<String, FolderFiles.State> out = new TreeMap<>();
        try {
            for (String f : SlackSource.WORKSPACE_FILES) {
                FolderFiles.State s = FolderFiles.stateOf(root, f);
                if (s != null) {
                    out.put(f, s);
                }
            }
            try (Stream<Path> folders = Files.list(root)) {
                for (Path folder : (Iterable<Path>) folders.filter(Files::isDirectory)::iterator) {
                    String name = folder.getFileName().toString();
                    try (Stream<Path> days = Files.list(folder)) {
                        days.map(d -> d.getFileName().toString()).filter(SlackSource::isDayFile).forEach(d -> {
                            FolderFiles.State s = FolderFiles.stateOf(folder, d);
                            if (s != null) {
                                out.put(name + "/" + d, s);
                            }
                        });
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new UserException(location + ": cannot be listed while following it: " + e.getMessage());
        }
        return out;
    }

    /** The complete files at one look: the workspace files and the day files taken. */
    private final class FolderSnapshot implements Snapshot {
        private final FolderFiles files;

        FolderSnapshot(FolderFiles files) {
            this.files = files;
        }

        @Override
        public MessageSource source() {
            Set<String> days = new TreeSet<>();
            files.files().keySet().stream().filter(f -> f.indexOf('/') >= 0).forEach(days::add);
            return new FrozenFolderSource(location, root, files, "slack", () -> SlackSource.withDayFiles(location, days));
        }

        @Override
        public String since(Snapshot before) {
            Map<String, FolderFiles.State> was = before instanceof FolderSnapshot b ? b.files.files() : Map.of();
            long days = files.files().keySet().stream().filter(f -> f.indexOf('/') >= 0).count();
            long added = files.files().keySet().stream().filter(f -> f.indexOf('/') >= 0 && !was.containsKey(f)).count();
            long rewritten = files.files().entrySet().stream().filter(e -> was.containsKey(e.getKey())
                    && !was.get(e.getKey()).equals(e.getValue())).count();
            return "(" + days + " day files" + (before == null ? ""
                    : ": " + added + " new, " + rewritten + " files rewritten since the last import") + ")";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FolderSnapshot f && f.files.equals(files);
        }

        @Override
        public int hashCode() {
            return files.hashCode();
        }
    }
}

package io.zimmigrate.cli.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Files of a followed folder as they stand at one look: path relative to the folder ('/'-separated) to size and
 * modification time. A file rewritten in place changes its modification time, so two equal states mean the file
 * was left alone in between (as far as the file system can tell).
 */
record FolderFiles(SortedMap<String, FolderFiles.State> files) {
    /** One file's size and modification time. */
    record State(long size, FileTime modified) {}

    FolderFiles {
        files = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    /** The state of {@code relative} under {@code root} now; null if it is gone or unreadable. */
    static State stateOf(Path root, String relative) {
        try {
            BasicFileAttributes a = Files.readAttributes(root.resolve(relative), BasicFileAttributes.class);
            return a.isRegularFile() ? new State(a.size(), a.lastModifiedTime()) : null;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** The first of these files whose state under {@code root} is no longer the one recorded; null if none. */
    String firstChanged(Path root) {
        for (Map.Entry<String, State> e : files.entrySet()) {
            if (!Objects.equals(stateOf(root, e.getKey()), e.getValue())) {
                return e.getKey();
            }
        }
        return null;
    }

    /** For a source's identity: every file with its size and modification time. */
    String identity() {
        StringBuilder s = new StringBuilder();
        files.forEach((f, st) -> s.append('|').append(f).append('=').append(st.size()).append('@').append(st.modified()));
        return s.toString();
    }
}

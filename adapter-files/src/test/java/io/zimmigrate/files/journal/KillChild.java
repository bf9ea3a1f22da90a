package io.zimmigrate.files.journal;

import java.nio.file.Path;
import java.util.List;

/**
 * Child process for {@link FileJournalKillTest}: appends numbered lines forever and prints each index to
 * stdout only after {@code append} returned, i.e. after the line was acknowledged as durable.
 */
public final class KillChild {
    private KillChild() {}

    public static void main(String[] args) {
        FileJournal journal = FileJournal.open(Path.of(args[0]));
        String padding = "x".repeat(200); // long enough that a kill can land mid-line
        for (int i = 0; ; i++) {
            journal.append(List.of(KillChild.line(i, padding)));
            System.out.println(i);
            System.out.flush();
        }
    }

    static String line(int i, String padding) {
        return "[\"line\"," + i + ",\"" + padding + "\"]";
    }
}

package io.zimmigrate.files.journal;

import java.nio.file.Path;
import java.util.AbstractList;

/**
 * Child process for {@link FileJournalStreamedRewriteTest}: rewrites a journal as {@code args[1]} lines that are
 * made as they are read (as a compaction's are), under the small heap the test gives it, and prints "rewritten".
 */
public final class BigRewriteChild {
    private BigRewriteChild() {}

    public static void main(String[] args) {
        int count = Integer.parseInt(args[1]);
        try (FileJournal journal = FileJournal.open(Path.of(args[0]))) {
            journal.rewrite(new AbstractList<>() {
                @Override
                public String get(int i) {
                    return line(i);
                }

                @Override
                public int size() {
                    return count;
                }
            });
        }
        System.out.println("rewritten");
    }

    static String line(int i) {
        return "[\"i\",\"p:user-" + i + "\\u0000user-" + (i + 1) + "\"," + (1_700_000_000_000L + i) + "," + i
                + "," + (i + 7) + ",\"padding to the length of a real compact line\"]";
    }
}

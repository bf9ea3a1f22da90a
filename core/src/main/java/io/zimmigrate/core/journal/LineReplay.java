package io.zimmigrate.core.journal;

/**
 * Turns the log's lines, one at a time, into changes of a {@link JournalState}. The lines a run writes most (a send
 * and its import, {@code ["s",key,time,ordinal,number]} and {@code ["i",key,time,ordinal,seq,number]}) are read in
 * place, without a list of boxed values and an entry per line: a resume replays 100,000 of them on a cold JVM before
 * its first send (issue 15, P6). Any other line, or one of these not in exactly the form {@link JournalEntry#toLine}
 * writes, takes the general way ({@link JournalEntry#parse}), so what a line means is decided in one place.
 */
final class LineReplay {
    private final JournalState state;
    private final JournalNumbering keyedBy;
    private final JournalNumbering writtenUnder;
    /** The plan's number the line read by the general way gives its timeline. */
    private final int[] lineNumber = {-1};
    private DenseForm.Reader dense; // how the dense lines after the last dense header read; null before one
    private final String[] text = new String[1];
    private final long[] value = new long[1];

    LineReplay(JournalState state, JournalNumbering keyedBy, JournalNumbering writtenUnder) {
        this.state = state;
        this.keyedBy = keyedBy;
        this.writtenUnder = writtenUnder;
    }

    void apply(String line) {
        if (DenseForm.isDense(line)) {
            state.countLine();
            dense = DenseForm.Reader.apply(state, dense, line, keyedBy, writtenUnder);
            return;
        }
        if (sendOrImport(line)) {
            return;
        }
        JournalEntry entry = JournalEntry.parse(line, lineNumber);
        if (entry != null) {
            state.apply(entry, lineNumber[0]);
        }
    }

    /**
     * Applies {@code line} if it is a send or an import in exactly our form (as {@link JournalEntry#parse} would read
     * it, with the same plan's number or none); false, having changed nothing, for any other line.
     */
    private boolean sendOrImport(String line) {
        int n = line.length();
        if (n < 8 || line.charAt(0) != '[' || line.charAt(1) != '"' || line.charAt(3) != '"' || line.charAt(4) != ','
                || line.charAt(5) != '"' || line.charAt(n - 1) != ']') {
            return false;
        }
        char kind = line.charAt(2);
        if (kind != 's' && kind != 'i') {
            return false;
        }
        int i = JournalLines.string(line, 5, text);
        if (i < 0 || (i = next(line, i)) < 0) {
            return false;
        }
        long time = value[0];
        if ((i = next(line, i)) < 0) {
            return false;
        }
        long ordinal = value[0];
        long seq = 0;
        if (kind == 'i') {
            if ((i = next(line, i)) < 0) {
                return false;
            }
            seq = value[0];
        }
        int number = -1;
        if (i != n - 1) {
            if ((i = next(line, i)) != n - 1) {
                return false; // more values than ours: the general way reads it
            }
            number = value[0] >= 0 && value[0] <= Integer.MAX_VALUE ? (int) value[0] : -1;
        }
        String timeline = text[0];
        state.countLine();
        TaskKey task = new TaskKey(time, ordinal);
        int t = state.row(timeline, number);
        if (kind == 's') {
            state.sending(t, task);
        } else {
            state.imported(t, task, seq);
        }
        return true;
    }

    /** The number after the comma at {@code i} into {@link #value}; the index after it, or -1 when there is none. */
    private int next(String line, int i) {
        return i < line.length() - 1 && line.charAt(i) == ',' ? JournalLines.number(line, i + 1, value) : -1;
    }
}

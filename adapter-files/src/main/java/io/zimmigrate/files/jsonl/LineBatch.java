package io.zimmigrate.files.jsonl;

import io.zimmigrate.core.input.CanonicalRecords;
import io.zimmigrate.core.input.LineRuns;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.port.SourceException;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Violation;
import io.zimmigrate.files.support.LineReader;
import java.io.IOException;
import java.util.Arrays;

/**
 * A batch of a JSON Lines pass, in two steps that may run on different threads: {@link #read} takes the next
 * non-blank lines from the file into one buffer (in file order: one reader at a time), {@link #decode} turns them
 * into records ({@link LineRuns}: one parser for a run of lines). A batch is reused for the next lines once its
 * records were handed out: the records keep nothing of its buffers.
 */
final class LineBatch {
    /** Lines per batch, and bytes after which a batch ends early (a few long lines make a batch too). */
    static final int LINES = 256;
    private static final int BYTES = 64 * 1024;

    private byte[] buf = new byte[BYTES + 8 * 1024];
    private final int[] starts = new int[LINES];
    private final int[] ends = new int[LINES];
    private final Locator[] ats = new Locator[LINES];
    private int lines;
    private SourceRecord tooLong;

    /** The decoded records, {@code count} of them (a line over the cap, if any, last). */
    final SourceRecord[] records = new SourceRecord[LINES + 1];
    int count;
    /** A failure to read met after this batch's lines: raised after its records, and nothing follows. */
    SourceException failure;
    /** Whether the file (or its failure) ended with this batch. */
    boolean last;

    /**
     * Reads the next non-blank lines of {@code in}, up to the batch's size; a line over the length cap ends a batch.
     * Blank lines are skipped (their numbers counted), a BOM on line 1 and a CR before the newline dropped.
     */
    void read(LineReader in, String name, int maxLineBytes) {
        lines = 0;
        count = 0;
        tooLong = null;
        failure = null;
        last = false;
        int used = 0;
        try {
            while (lines < LINES && used < BYTES) {
                if (!in.next()) {
                    last = true;
                    break;
                }
                Locator at = Locator.line(name, in.number());
                if (in.tooLong()) {
                    tooLong = new SourceRecord.Unreadable(at, Rejection.of(at, null, new Violation("(line)",
                            CanonicalRecords.RULE_TOO_LONG, "is " + in.fullLength() + " bytes long; lines of more than "
                            + maxLineBytes + " bytes are refused")));
                    break;
                }
                byte[] b = in.bytes();
                int from = in.number() == 1 ? skipBom(b, in.length()) : 0;
                int to = in.length();
                if (to > from && b[to - 1] == '\r') {
                    to--; // CRLF line ends
                }
                if (isBlank(b, from, to)) {
                    continue;
                }
                int length = to - from;
                if (used + length + 1 > buf.length) {
                    buf = Arrays.copyOf(buf, Math.max(buf.length * 2, used + length + 1));
                }
                System.arraycopy(b, from, buf, used, length);
                starts[lines] = used;
                ends[lines] = used + length;
                ats[lines] = at;
                buf[used + length] = '\n';
                used += length + 1;
                lines++;
            }
        } catch (IOException e) {
            last = true;
            failure = new SourceException(name + ": reading failed after line " + in.number() + ": " + e.getMessage(), e);
        }
    }

    /** Decodes the lines {@link #read} took into {@link #records}. */
    void decode() {
        LineRuns.decode(buf, starts, ends, ats, lines, records);
        count = lines;
        if (tooLong != null) {
            records[count++] = tooLong;
        }
        Arrays.fill(ats, 0, lines, null);
        if (buf.length > 4 * (BYTES + 8 * 1024)) {
            buf = new byte[BYTES + 8 * 1024]; // one huge line does not keep its buffer for the whole pass
        }
    }

    /** A UTF-8 byte order mark some editors put at the start of a file is not part of the first record. */
    private static int skipBom(byte[] b, int length) {
        return length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF ? 3 : 0;
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }
}

package io.zimmigrate.core.input;

import com.fasterxml.jackson.core.JsonParser;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.rules.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a batch of JSON Lines records laid out one after another in one buffer, as
 * {@link CanonicalRecords#decodeLine} would decode each line on its own, with the same records and the same
 * rejections, but with one Jackson parser over a whole run of lines instead of one per line: creating a parser
 * (encoding detection, buffers, a child symbol table) cost about a sixth of a validating pass over short records.
 *
 * <p>A run only accepts: the first line it cannot accept as a clean record wholly within its line is decoded on its
 * own by {@link CanonicalRecords#decodeLine}, which words what is wrong, and a new parser starts after it. Lines that
 * are not UTF-8, or whose first bytes Jackson's encoding detection would act on, never enter a run.
 */
public final class LineRuns {
    private LineRuns() {}

    /**
     * Decodes lines {@code 0..count-1}: line {@code i} is {@code buf[starts[i], ends[i])}, without its line end,
     * not blank, and only whitespace lies between one line's end and the next one's start (a {@code '\n'}).
     * Record {@code i} goes to {@code out[i]}.
     */
    public static void decode(byte[] buf, int[] starts, int[] ends, Locator[] at, int count, SourceRecord[] out) {
        boolean allUtf8 = count > 0 && com.google.common.base.Utf8.isWellFormed(buf, starts[0], ends[count - 1] - starts[0]);
        int i = 0;
        while (i < count) {
            if (!runnable(buf, starts[i], ends[i], allUtf8)) {
                out[i] = CanonicalRecords.decodeLine(buf, starts[i], ends[i] - starts[i], at[i]);
                i++;
                continue;
            }
            int end = i + 1;
            while (end < count && runnable(buf, starts[end], ends[end], allUtf8)) {
                end++;
            }
            i = run(buf, starts, ends, at, i, end, out);
        }
    }

    /**
     * Reads lines {@code from..to-1} with one parser until one is declined; decodes that one alone and returns the
     * line after it (or {@code to}).
     */
    private static int run(byte[] buf, int[] starts, int[] ends, Locator[] at, int from, int to, SourceRecord[] out) {
        int inputStart = starts[from];
        RawMessage.Builder b = RawMessage.builder();
        List<Violation> found = new ArrayList<>(0);
        try (JsonParser p = CanonicalDecoder.RUN_FACTORY.createParser(buf, inputStart, ends[to - 1] - inputStart)) {
            for (int i = from; i < to; i++) {
                SourceRecord r = CanonicalDecoder.readInRun(p, buf, inputStart, ends[i], at[i], b, found);
                if (r == null) {
                    out[i] = CanonicalRecords.decodeLine(buf, starts[i], ends[i] - starts[i], at[i]);
                    return i + 1;
                }
                out[i] = r;
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // creating or closing a parser over bytes does no I/O
        }
    }

    /** UTF-8, and nothing Jackson's encoding detection acts on at its start (it would at a run's start). */
    private static boolean runnable(byte[] buf, int start, int end, boolean allUtf8) {
        return (allUtf8 || com.google.common.base.Utf8.isWellFormed(buf, start, end - start))
                && !CanonicalRecords.mightBeTakenForAnotherEncoding(buf, start, end - start);
    }
}

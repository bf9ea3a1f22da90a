package io.zimmigrate.files.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines at {@code '\n'}, without decoding, so each line's bytes can be checked for
 * UTF-8 on their own and a bad byte costs one line, not the file. A line longer than the cap is not kept: its
 * bytes are counted and skipped, so one enormous line cannot exhaust memory. A last line without a final
 * {@code '\n'} is still a line; a trailing {@code '\r'} (CRLF files) is left for the caller to strip, or removed by
 * {@link #text()}. The one line splitter of every line-based source (JSON Lines, Mattermost): a line over the cap
 * is the caller's rejection naming the file and line, never an OutOfMemoryError.
 */
public final class LineReader implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer;
    private int pos;
    private int limit;
    private boolean eof;

    private byte[] line = new byte[8 * 1024];
    private int lineLength;
    private long fullLength;
    private long number;

    public LineReader(InputStream in, int maxLineBytes) {
        this(in, maxLineBytes, BUFFER);
    }

    /** With a read buffer of {@code bufferBytes}; tests use tiny ones so lines straddle many reads. */
    public LineReader(InputStream in, int maxLineBytes, int bufferBytes) {
        if (maxLineBytes < 1 || bufferBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes and bufferBytes must be positive");
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.buffer = new byte[bufferBytes];
    }

    /**
     * Numbers the lines as coming after {@code linesBefore} earlier ones: a reader that starts where an earlier part
     * of the file ended (issue 15, the appended part of a followed file) names lines as a reader of the whole file.
     */
    public LineReader numberedAfter(long linesBefore) {
        this.number = linesBefore;
        return this;
    }

    /** Advances to the next line; false at the end of the stream. */
    public boolean next() throws IOException {
        lineLength = 0;
        fullLength = 0;
        boolean sawAny = false;
        while (true) {
            if (pos == limit) {
                if (!fill()) {
                    if (sawAny) {
                        number++;
                        return true; // a last line without '\n'
                    }
                    return false;
                }
            }
            sawAny = true;
            int start = pos;
            int end = start;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            keep(start, end - start);
            if (end < limit) {
                pos = end + 1;
                number++;
                return true;
            }
            pos = limit;
        }
    }

    /** The current line's 1-based number. */
    public long number() {
        return number;
    }

    /** True when the current line was longer than the cap; its bytes were then not kept. */
    public boolean tooLong() {
        return fullLength > maxLineBytes;
    }

    /** The current line's length in bytes, even when it was too long to keep. */
    public long fullLength() {
        return fullLength;
    }

    /** The current line's bytes (valid up to {@link #length()}); only meaningful when not {@link #tooLong()}. */
    public byte[] bytes() {
        return line;
    }

    public int length() {
        return lineLength;
    }

    /**
     * The current line as text, strictly decoded from UTF-8 without a trailing {@code '\r'} and, on line 1, without
     * a byte order mark; null when its bytes are not UTF-8 (or it was {@link #tooLong()}).
     */
    public String text() {
        if (tooLong()) {
            return null;
        }
        int from = number == 1 && lineLength >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB
                && line[2] == (byte) 0xBF ? 3 : 0;
        int to = lineLength > from && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return strict.decode(ByteBuffer.wrap(line, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private void keep(int from, int count) {
        fullLength += count;
        if (fullLength > maxLineBytes) {
            lineLength = 0; // over the cap: count, don't keep
            return;
        }
        if (lineLength + count > line.length) {
            int size = line.length;
            while (size < lineLength + count) {
                size = (int) Math.min((long) size * 2, maxLineBytes);
            }
            line = Arrays.copyOf(line, size);
        }
        System.arraycopy(buffer, from, line, lineLength, count);
        lineLength += count;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

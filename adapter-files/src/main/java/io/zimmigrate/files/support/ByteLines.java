package io.zimmigrate.files.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads an input line by line as bytes, so one line that is not UTF-8 is that line's problem, not the file's.
 * Lines end at '\n'; a '\r' before it is dropped.
 */
public final class ByteLines implements AutoCloseable {
    private final InputStream in;
    private final byte[] buffer = new byte[65536];
    private int pos;
    private int limit;
    private long number;

    public ByteLines(InputStream in) {
        this.in = in;
    }

    /** One line: its 1-based number and text, or null text when the bytes are not UTF-8. */
    public record Line(long number, String text) {}

    /** The next line, or null at the end of input. */
    public Line next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        boolean any = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(buffer);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') {
                pos++;
            }
            line.write(buffer, start, pos - start);
            if (pos < limit) {
                pos++; // the '\n'
                break;
            }
        }
        number++;
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length)).toString();
            if (number == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            return new Line(number, text);
        } catch (CharacterCodingException e) {
            return new Line(number, null);
        }
    }

    @Override
    public void close() {
        TextInput.closeQuietly(in);
    }
}

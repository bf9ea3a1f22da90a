package io.zimmigrate.files.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** {@link LineReader} splits exactly like a simple reference split, whatever the buffer and read sizes. */
class LineReaderPropertiesTest {

    /** Lines of bytes, biased towards the characters that matter: '\n' is never inside a line, '\r' may be. */
    private static Gen<byte[]> line() {
        Gen<Byte> b = Generate.pick(List.of((byte) 'a', (byte) '{', (byte) '\r', (byte) ' ', (byte) 0xC3, (byte) 0xFF, (byte) 0));
        return lists().of(b).ofSizeBetween(0, 40).map(bs -> {
            byte[] out = new byte[bs.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = bs.get(i);
            }
            return out;
        });
    }

    /** Reads at most {@code chunk} bytes per call, as pipes and slow disks do. */
    private static InputStream trickling(byte[] data, int chunk) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    @Test
    void splitsLikeTheReference() {
        qt().withExamples(500).forAll(lists().of(line()).ofSizeBetween(0, 20), Generate.booleans(),
                integers().between(1, 17), integers().between(1, 50)).checkAssert((lines, finalNewline, buffer, maxLine) -> {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            for (int i = 0; i < lines.size(); i++) {
                file.writeBytes(lines.get(i));
                if (i < lines.size() - 1 || finalNewline) {
                    file.write('\n');
                }
            }
            // The reference: a last empty line without '\n' is no line at all.
            List<byte[]> expected = new ArrayList<>(lines);
            if (!finalNewline && !expected.isEmpty() && expected.get(expected.size() - 1).length == 0) {
                expected.remove(expected.size() - 1);
            }
            List<String> got = new ArrayList<>();
            try (LineReader r = new LineReader(trickling(file.toByteArray(), buffer), maxLine, buffer)) {
                while (r.next()) {
                    byte[] want = expected.get(got.size());
                    assertThat(r.number()).isEqualTo(got.size() + 1);
                    assertThat(r.fullLength()).isEqualTo(want.length);
                    assertThat(r.tooLong()).isEqualTo(want.length > maxLine);
                    if (!r.tooLong()) {
                        assertThat(Arrays.copyOf(r.bytes(), r.length())).isEqualTo(want);
                    }
                    got.add("");
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            assertThat(got).hasSize(expected.size());
        });
    }
}

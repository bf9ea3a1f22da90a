package io.zimmigrate.files.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.SourceException;
import io.zimmigrate.core.rules.Violation;
import io.zimmigrate.files.support.LineReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.generators.Generate;

/**
 * Sharing the decoding between the helper thread and the caller changes nothing the caller sees: the same records
 * as a pass on the caller's thread alone, in order, around batch and look-ahead boundaries; failures after the
 * records before them; closing stops the helper.
 */
@Timeout(120) // a lost wake-up hangs a pass: fail instead of blocking the suite
class SharedDecodingRecordsTest {
    private static final int B = LineBatch.LINES;

    @TempDir
    Path dir;

    /** {@code n} records, good and bad (blank lines, broken JSON, rule violations, a line over the cap) mixed. */
    private static byte[] lines(int n, long seed) {
        Random rnd = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            switch (rnd.nextInt(12)) {
                case 0 -> sb.append("\n  \n").append(JsonlSourceTest.good("m" + i));
                case 1 -> sb.append("{\"Id\":\"m").append(i).append("\",");
                case 2 -> sb.append(JsonlSourceTest.good("m" + i).replace("\"g\"", "\"#g\""));
                case 3 -> sb.append(JsonlSourceTest.good("m" + i).replace("hi", "x".repeat(300)));
                default -> sb.append(JsonlSourceTest.good("m" + i));
            }
            sb.append(rnd.nextInt(10) == 0 ? "\r\n" : "\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** "line:id" for readable records, "line:rule" for unreadable ones. */
    private static List<String> drain(MessageSource.RecordStream s) {
        List<String> out = new ArrayList<>();
        while (s.hasNext()) {
            SourceRecord r = s.next();
            long line = r.locator().position();
            out.add(r instanceof SourceRecord.Readable ok ? line + ":" + ok.message().id()
                    : line + ":" + ((SourceRecord.Unreadable) r).rejection().violations().stream().map(Violation::rule)
                            .findFirst().orElseThrow());
        }
        return out;
    }

    private static boolean helperAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("zim-migrate-read-") && t.isAlive());
    }

    @Test
    void theSameRecordsInOrderAsAPassOnOneThreadAroundBatchBoundaries() {
        int ahead = B * SharedDecodingRecords.AHEAD;
        qt().withExamples(40).forAll(Generate.pick(List.of(0, 1, 2, B - 1, B, B + 1, 2 * B, ahead, ahead + 1,
                ahead * 2 + 7)), Generate.longRange(0, 1000)).checkAssert((n, seed) -> {
                    try {
                        Path p = Files.createTempFile(dir, "in", ".jsonl");
                        Files.write(p, lines(n, seed));
                        JsonlSource source = new JsonlSource(p, "f", 250);
                        List<String> alone;
                        try (MessageSource.RecordStream s = source.openInline()) {
                            alone = drain(s);
                        }
                        try (MessageSource.RecordStream s = source.open()) {
                            assertThat(drain(s)).isEqualTo(alone);
                            assertThat(s.hasNext()).isFalse();
                            assertThatThrownBy(s::next).isInstanceOf(NoSuchElementException.class);
                        }
                        assertThat(alone).hasSize(n);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
        assertThat(helperAlive()).isFalse();
    }

    /** The caller handles each record slowly, so the helper runs ahead to its limit and waits; nothing is lost. */
    @Test
    void aSlowCallerGetsEveryRecordWhileTheHelperWaitsAhead() throws IOException {
        int n = B * SharedDecodingRecords.AHEAD * 3 + 11;
        Path p = Files.createTempFile(dir, "in", ".jsonl");
        Files.write(p, lines(n, 7));
        List<String> alone;
        try (MessageSource.RecordStream s = new JsonlSource(p, "f", 250).openInline()) {
            alone = drain(s);
        }
        List<String> slow = new ArrayList<>();
        try (MessageSource.RecordStream s = new JsonlSource(p, "f", 250).open()) {
            while (s.hasNext()) {
                SourceRecord r = s.next();
                if (slow.size() % 1000 == 0) {
                    Thread.onSpinWait();
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
                slow.add(r.locator().position() + ":" + (r instanceof SourceRecord.Readable ok ? ok.message().id()
                        : ((SourceRecord.Unreadable) r).rejection().violations().get(0).rule()));
            }
        }
        assertThat(slow).isEqualTo(alone);
    }

    /** An input that gives {@code bytes} and then fails with {@code failure} (an IOException or an Error). */
    private static InputStream failingAfter(byte[] bytes, Throwable failure) {
        return new InputStream() {
            private final ByteArrayInputStream in = new ByteArrayInputStream(bytes);

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int got = in.read(b, off, len);
                if (got > 0) {
                    return got;
                }
                if (failure instanceof IOException e) {
                    throw e;
                }
                throw (Error) failure;
            }
        };
    }

    @Test
    void aReadFailureArrivesAfterEveryRecordReadBeforeIt() {
        int n = B * 5 + 3;
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            sb.append(JsonlSourceTest.good("m" + i)).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        SharedDecodingRecords s = new SharedDecodingRecords(new LineReader(failingAfter(bytes,
                new IOException("disk gone")), 1000), "f", 1000);
        List<String> got = new ArrayList<>();
        assertThatThrownBy(() -> got.addAll(drain(s))).isInstanceOf(SourceException.class)
                .hasMessage("f: reading failed after line " + n + ": disk gone");
        s.close();
        assertThat(helperAlive()).isFalse();
    }

    /**
     * An OutOfMemoryError can strike anywhere; it must reach the caller (who prints one line) rather than escape the
     * helper thread (a stack trace on stderr), never before the records read ahead of it, and whichever thread was
     * reading when it struck (the caller reads too: once it waited forever there). Many sizes, so both happen.
     */
    @Test
    void anErrorWhileReadingOnEitherThreadReachesTheCallerNotTheThreadsDefaultHandler() {
        for (int n : List.of(0, 1, 2, B - 1, B, B + 1, 2 * B, 3 * B + 5, 17 * B, 40 * B)) {
            for (int round = 0; round < 5; round++) {
                errorAfter(n);
            }
        }
    }

    private void errorAfter(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            sb.append(JsonlSourceTest.good("m" + i)).append('\n');
        }
        Error struck = new OutOfMemoryError("Java heap space");
        List<Throwable> escaped = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> escaped.add(e));
        List<Long> positions = new ArrayList<>();
        try (SharedDecodingRecords s = new SharedDecodingRecords(new LineReader(failingAfter(
                sb.toString().getBytes(StandardCharsets.UTF_8), struck), 1000), "f", 1000)) {
            assertThatThrownBy(() -> {
                while (s.hasNext()) {
                    positions.add(s.next().locator().position());
                }
            }).isSameAs(struck);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        assertThat(escaped).isEmpty();
        for (int i = 0; i < positions.size(); i++) {
            assertThat(positions.get(i)).isEqualTo(i + 1L); // in order, no gap: a prefix of the file
        }
        assertThat(helperAlive()).isFalse();
    }

    @Test
    void closingMidwayStopsTheHelper() throws IOException {
        Path p = Files.createTempFile(dir, "in", ".jsonl");
        Files.write(p, lines(B * SharedDecodingRecords.AHEAD * 4, 3));
        MessageSource.RecordStream s = new JsonlSource(p).open();
        assertThat(s.next().locator().position()).isPositive();
        s.close();
        assertThat(helperAlive()).isFalse();
        assertThat(s.hasNext()).isFalse();
    }

    @Test
    void closingUnreadStartsNoThread() throws IOException {
        Path p = Files.createTempFile(dir, "in", ".jsonl");
        Files.write(p, lines(10, 3));
        new JsonlSource(p).open().close();
        assertThat(helperAlive()).isFalse();
    }
}

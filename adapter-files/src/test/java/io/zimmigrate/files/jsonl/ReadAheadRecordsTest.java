package io.zimmigrate.files.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.SourceException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/** Reading ahead on another thread changes nothing the caller sees: order, end, failures, closing. */
class ReadAheadRecordsTest {

    /** {@code count} records, then (when {@code failure} is set) that failure instead of the end. */
    private static class Counting implements MessageSource.RecordStream {
        final int count;
        final RuntimeException failure;
        final AtomicBoolean closed = new AtomicBoolean();
        int given;

        Counting(int count, RuntimeException failure) {
            this.count = count;
            this.failure = failure;
        }

        @Override
        public boolean hasNext() {
            if (given == count && failure != null) {
                throw failure;
            }
            return given < count;
        }

        @Override
        public SourceRecord next() {
            Locator at = Locator.line("f", ++given);
            return new SourceRecord.Readable(at, RawMessage.builder().id("m" + given).build());
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    private static List<Long> drain(MessageSource.RecordStream s) {
        List<Long> lines = new ArrayList<>();
        while (s.hasNext()) {
            lines.add(s.next().locator().position());
        }
        return lines;
    }

    private static boolean readerAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("zim-migrate-read-") && t.isAlive());
    }

    @Test
    void everyRecordArrivesOnceInOrderAroundBatchBoundaries() {
        int b = ReadAheadRecords.BATCH;
        qt().withExamples(60).forAll(Generate.pick(List.of(0, 1, 2, b - 1, b, b + 1, 2 * b, b * ReadAheadRecords.BATCHES,
                b * (ReadAheadRecords.BATCHES + 2) + 7))).checkAssert(n -> {
                    Counting source = new Counting(n, null);
                    try (ReadAheadRecords s = new ReadAheadRecords(source, "f")) {
                        List<Long> lines = drain(s);
                        assertThat(lines).hasSize(n);
                        for (int i = 0; i < n; i++) {
                            assertThat(lines.get(i)).isEqualTo(i + 1L);
                        }
                        assertThat(s.hasNext()).isFalse();
                        assertThatThrownBy(s::next).isInstanceOf(NoSuchElementException.class);
                        assertThat(source.closed).isTrue(); // closed by the end of the stream already
                    }
                });
    }

    @Test
    void aFailureArrivesAfterEveryRecordReadBeforeIt() {
        SourceException failure = new SourceException("f: reading failed after line 1000: disk gone");
        Counting source = new Counting(1000, failure);
        ReadAheadRecords s = new ReadAheadRecords(source, "f");
        List<Long> lines = new ArrayList<>();
        assertThatThrownBy(() -> {
            while (s.hasNext()) {
                lines.add(s.next().locator().position());
            }
        }).isSameAs(failure);
        assertThat(lines).hasSize(1000).endsWith(1000L);
        assertThat(source.closed).isTrue();
        s.close();
        assertThat(readerAlive()).isFalse();
    }

    @Test
    void closingMidwayStopsTheReaderAndClosesTheSource() {
        Counting source = new Counting(1_000_000, null);
        ReadAheadRecords s = new ReadAheadRecords(source, "f");
        assertThat(s.next().locator().position()).isEqualTo(1L);
        s.close();
        assertThat(source.closed).isTrue();
        assertThat(readerAlive()).isFalse();
        assertThat(source.given).isLessThan(1_000_000);
        assertThat(s.hasNext()).isFalse();
    }

    @Test
    void closingUnreadStartsNoThread() {
        Counting source = new Counting(5, null);
        new ReadAheadRecords(source, "f").close();
        assertThat(source.closed).isTrue();
        assertThat(source.given).isZero();
        assertThat(readerAlive()).isFalse();
    }

    @Test
    void aFailureOutsideReadingAlsoReachesTheCallerNotTheThreadsDefaultHandler() throws Exception {
        // An OutOfMemoryError can strike anywhere on the reader thread, e.g. while closing the source; it must reach
        // the caller (who prints one line) rather than escape the thread (a stack trace on stderr).
        Error struck = new OutOfMemoryError("Java heap space");
        Counting source = new Counting(3, null) {
            @Override
            public void close() {
                super.close();
                throw struck;
            }
        };
        List<Throwable> escaped = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> escaped.add(e));
        try (ReadAheadRecords s = new ReadAheadRecords(source, "f")) {
            List<Long> lines = new ArrayList<>();
            assertThatThrownBy(() -> {
                while (s.hasNext()) {
                    lines.add(s.next().locator().position());
                }
            }).isSameAs(struck);
            assertThat(lines).containsExactly(1L, 2L, 3L);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        assertThat(escaped).isEmpty();
        assertThat(source.closed).isTrue();
    }
}

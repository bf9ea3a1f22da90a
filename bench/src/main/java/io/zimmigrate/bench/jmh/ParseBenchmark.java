package io.zimmigrate.bench.jmh;

import io.zimmigrate.core.input.CanonicalRecords;
import io.zimmigrate.core.input.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/** Parse: one canonical JSON line into a raw record, from text and from the file's bytes (UTF-8 checked). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ParseBenchmark {

    @Benchmark
    public SourceRecord decodeText(Samples s) {
        return CanonicalRecords.decode(s.line, s.locator);
    }

    @Benchmark
    public SourceRecord decodeLineBytes(LineBytes b, Samples s) {
        return CanonicalRecords.decodeLine(b.bytes, 0, b.bytes.length, s.locator);
    }

    /** The line as a source reads it from disk. */
    @org.openjdk.jmh.annotations.State(org.openjdk.jmh.annotations.Scope.Benchmark)
    public static class LineBytes {
        byte[] bytes;

        @org.openjdk.jmh.annotations.Setup
        public void setUp(Samples s) {
            bytes = s.line.getBytes(StandardCharsets.UTF_8);
        }
    }
}

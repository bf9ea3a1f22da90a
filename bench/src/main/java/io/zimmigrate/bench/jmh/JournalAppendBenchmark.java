package io.zimmigrate.bench.jmh;

import io.zimmigrate.files.journal.FileJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One journal append as a request waits for it: a line the size of a {@code Sending} line, written and synced
 * (fdatasync). {@code roomBytes} 0 is the log growing by every line (before); the default is zeroed room kept ahead
 * of the lines, whose sync is data only. Run on the disk the journal lives on: the working directory, or
 * {@code -Djournal.bench.dir=DIR}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class JournalAppendBenchmark {
    private static final List<String> LINE =
            List.of("{\"e\":\"sending\",\"tl\":\"g:group-0042\",\"task\":\"m-000000123456#0\",\"at\":1796211442421}");

    @Param({"0", "1048576"})
    public long roomBytes;

    private Path dir;
    private FileJournal journal;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path parent = Path.of(System.getProperty("journal.bench.dir", "."));
        dir = Files.createTempDirectory(parent.toAbsolutePath(), "journal-bench-");
        journal = FileJournal.open(dir, roomBytes);
    }

    @Benchmark
    public void appendOneLine() {
        journal.append(LINE);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        journal.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

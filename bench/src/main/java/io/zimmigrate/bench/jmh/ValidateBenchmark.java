package io.zimmigrate.bench.jmh;

import io.zimmigrate.core.rules.Validation;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/** Validate: every ZIM rule applied to one raw record (IDs, conversation, type, body size, retention window). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ValidateBenchmark {

    @Benchmark
    public Validation messageRules(Samples s) {
        return s.rules.validate(s.raw, s.locator, 500, Samples.NOW);
    }
}

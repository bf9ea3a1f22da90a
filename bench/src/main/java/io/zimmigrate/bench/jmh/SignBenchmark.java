package io.zimmigrate.bench.jmh;

import io.zimmigrate.core.signing.NonceSource;
import io.zimmigrate.core.signing.RequestSigner;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.core.signing.Signature;
import java.time.Clock;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Sign: the MD5 signature alone, and the full set of signed common parameters per request, with the
 * {@link SecureRandom}-backed nonces a real run uses and with seeded ones (to see what the randomness costs).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class SignBenchmark {
    private static final ServerSecret SECRET = ServerSecret.of("9193cc662a4c0ec135ec71fb57194b38");

    private RequestSigner secureSigner;
    private RequestSigner seededSigner;

    @Setup
    public void setUp() {
        secureSigner = new RequestSigner(12345, SECRET, Clock.systemUTC(), NonceSource.secure());
        SplittableRandom random = new SplittableRandom(1);
        seededSigner = new RequestSigner(12345, SECRET, Clock.systemUTC(), NonceSource.from(random::nextBytes));
    }

    @Benchmark
    public String signature() {
        return Signature.compute(12345, "4fd24687296dd9f3", SECRET, 1615186943);
    }

    @Benchmark
    public Map<String, String> commonParametersSecureNonce() {
        return secureSigner.commonParameters("ImportGroupMsg");
    }

    @Benchmark
    public Map<String, String> commonParametersSeededNonce() {
        return seededSigner.commonParameters("ImportGroupMsg");
    }
}

package io.zimmigrate.bench.jmh;

import io.zimmigrate.core.input.CanonicalRecords;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.plan.MessageCodec;
import io.zimmigrate.core.rules.Validation;
import io.zimmigrate.core.signing.NonceSource;
import io.zimmigrate.core.signing.RequestSigner;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.core.wire.ZimJson;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * All of it for one message, as a run does it: parse, validate, encode for the plan, decode for sending, build and
 * encode the request body, sign. The sum a single core pays per message before the transport; compare with the
 * 20 requests per second ZIM allows.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class PipelineBenchmark {
    private RequestSigner signer;

    @Setup
    public void setUp() {
        signer = new RequestSigner(12345, ServerSecret.of("9193cc662a4c0ec135ec71fb57194b38"), Clock.systemUTC(),
                NonceSource.secure());
    }

    @Benchmark
    public void perMessage(Samples s, Blackhole bh) {
        SourceRecord r = CanonicalRecords.decode(s.line, s.locator);
        Validation v = s.rules.validate(((SourceRecord.Readable) r).message(), s.locator, 500, Samples.NOW);
        byte[] planned = MessageCodec.encode(((Validation.Accepted) v).message());
        Message m = MessageCodec.decode(planned);
        bh.consume(ZimJson.encode(EncodeBenchmark.request(m)));
        bh.consume(signer.commonParameters("ImportGroupMsg"));
    }
}

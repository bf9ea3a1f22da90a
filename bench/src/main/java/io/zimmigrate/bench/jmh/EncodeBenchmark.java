package io.zimmigrate.bench.jmh;

import io.zimmigrate.core.gateway.WireRequests;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.wire.ZimJson;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/** Encode: a planned message into its import request record and the JSON bytes every transport sends. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EncodeBenchmark {

    @Benchmark
    public byte[] requestBody(Samples s) {
        return ZimJson.encode(request(s.message));
    }

    /** The request record as the gateway builds it for the message's first timeline (core's WireRequests). */
    static Object request(Message m) {
        Timeline t = m.timelines().get(0);
        return t instanceof Timeline.PeerTimeline view ? WireRequests.importPeer(m, view)
                : WireRequests.importGroup(m, (Timeline.GroupTimeline) t);
    }
}

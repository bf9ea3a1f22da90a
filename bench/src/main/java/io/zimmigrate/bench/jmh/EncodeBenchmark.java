package io.zimmigrate.bench.jmh;

import io.zimmigrate.core.model.Conversation;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.wire.ImportGroupMsgRequest;
import io.zimmigrate.core.wire.ImportPeerMsgRequest;
import io.zimmigrate.core.wire.WireBody;
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

    /** The request record as the engine builds it (ImportRequests is package-private, so mirrored here). */
    static Object request(Message m) {
        WireBody body = new WireBody(m.body().message(), m.body().extendedData());
        Long time = m.sendTime() == 0 ? null : m.sendTime();
        if (m.conversation() instanceof Conversation.OneToOne c) {
            return new ImportPeerMsgRequest(m.sender().value(), c.recipient().value(), m.type().code(), m.priority(),
                    body, m.subType(), m.searchedContent(), time, m.sender().value());
        }
        Conversation.Group g = (Conversation.Group) m.conversation();
        return new ImportGroupMsgRequest(m.sender().value(), g.groupId().value(), m.type().code(), m.priority(), body,
                m.subType(), m.searchedContent(), time);
    }
}

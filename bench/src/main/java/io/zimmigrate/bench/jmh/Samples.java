package io.zimmigrate.bench.jmh;

import io.zimmigrate.bench.HistoryGenerator;
import io.zimmigrate.bench.HistoryShape;
import io.zimmigrate.core.input.CanonicalRecords;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.plan.MessageCodec;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.rules.Validation;
import io.zimmigrate.core.validation.MessageRules;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One message at every stage of the hot path, made by the same generator the whole-process benchmarks use: its
 * canonical line, the raw record, the validated message and its encoded form. {@code conversation} picks a group
 * message (one import call) or a one-to-one message (two calls); {@code bodyBytes} its text size.
 */
@State(Scope.Benchmark)
public class Samples {
    static final long NOW = 1_770_000_000_000L;

    @Param({"group", "peer"})
    public String conversation;

    @Param({"64"})
    public int bodyBytes;

    public String line;
    public Locator locator;
    public RawMessage raw;
    public MessageRules rules;
    public Message message;
    public byte[] encoded;

    @Setup
    public void setUp() {
        boolean group = conversation.equals("group");
        HistoryShape shape = new HistoryShape(1_000, group ? 1 : 0, group ? 0 : 1, false, 1, NOW,
                HistoryShape.DEFAULT_SPAN_MILLIS, bodyBytes);
        line = new HistoryGenerator(shape).line(500);
        locator = Locator.line("history.jsonl", 501);
        raw = ((SourceRecord.Readable) CanonicalRecords.decode(line, locator)).message();
        rules = new MessageRules(RuleSet.defaults());
        message = ((Validation.Accepted) rules.validate(raw, locator, 500, NOW)).message();
        encoded = MessageCodec.encode(message);
    }
}

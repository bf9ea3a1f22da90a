package io.zimmigrate.bench;

import io.zimmigrate.core.input.CanonicalRecords;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.gateway.WireRequests;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.rules.Validation;
import io.zimmigrate.core.validation.MessageRules;
import io.zimmigrate.core.wire.Action;
import io.zimmigrate.core.wire.ZimJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The import requests a history needs, built exactly as the engine builds them (core's request records, encoded by
 * {@link ZimJson}), grouped per timeline in (send time, input position) order. What a baseline client posts, so it
 * sends the same bytes the product sends.
 */
final class SignedBodies {
    /** One import call: which action, its JSON body, and where it stands in its timeline. */
    record Call(Action action, byte[] body, long sendTime, long ordinal) {}

    private SignedBodies() {}

    static Map<String, List<Call>> perTimeline(Path file, long nowMillis) throws IOException {
        MessageRules rules = new MessageRules(RuleSet.defaults());
        Map<String, List<Call>> out = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long ordinal = 0;
            while ((line = r.readLine()) != null) {
                Locator at = Locator.line(file.toString(), ordinal + 1);
                SourceRecord record = CanonicalRecords.decode(line, at);
                if (!(record instanceof SourceRecord.Readable readable)
                        || !(rules.validate(readable.message(), at, ordinal, nowMillis) instanceof Validation.Accepted ok)) {
                    throw new IllegalArgumentException("line " + (ordinal + 1) + " of " + file + " is not valid");
                }
                Message m = ok.message();
                for (Timeline t : m.timelines()) {
                    out.computeIfAbsent(t.key(), k -> new ArrayList<>()).add(call(m, t));
                }
                ordinal++;
            }
        }
        Comparator<Call> order = Comparator.comparingLong(Call::sendTime).thenComparingLong(Call::ordinal);
        out.values().forEach(calls -> calls.sort(order));
        return out;
    }

    /** The body the engine's gateway sends for this task (core's WireRequests). */
    static Call call(Message m, Timeline t) {
        if (t instanceof Timeline.PeerTimeline view) {
            return new Call(Action.IMPORT_PEER_MSG, ZimJson.encode(WireRequests.importPeer(m, view)), m.sendTime(),
                    m.ordinal());
        }
        return new Call(Action.IMPORT_GROUP_MSG, ZimJson.encode(WireRequests.importGroup(m, (Timeline.GroupTimeline) t)),
                m.sendTime(), m.ordinal());
    }
}

package io.zimmigrate.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.input.CanonicalRecords;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.rules.Fixtures;
import io.zimmigrate.core.rules.IdRules;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.RetentionWindow;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.rules.Validation;
import io.zimmigrate.core.rules.Violation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A whole validation pass over in-memory sources: the tally, the rejections, and uniqueness across sources. */
class InputValidationTest {

    /** A source over JSON lines held in memory (file sources are tested in adapter-files). */
    record Lines(String name, List<String> lines) implements MessageSource {
        @Override
        public RecordStream open() {
            Iterator<String> it = lines.iterator();
            return new RecordStream() {
                long n;

                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public SourceRecord next() {
                    return CanonicalRecords.decode(it.next(), Locator.line(name, ++n));
                }

                @Override
                public void close() {}
            };
        }
    }

    private static String group(String id, String group, String from) {
        return "{\"Id\":\"" + id + "\",\"GroupId\":\"" + group + "\",\"FromUserId\":\"" + from
                + "\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"hi\"},\"SendMessageTime\":" + Fixtures.SENT + "}";
    }

    private static String peer(String id, String from, String to, String hiddenFor) {
        return "{\"Id\":\"" + id + "\",\"ToUserId\":\"" + to + "\",\"FromUserId\":\"" + from
                + "\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"hi\"}"
                + (hiddenFor == null ? "" : ",\"HiddenFor\":[\"" + hiddenFor + "\"]") + "}";
    }

    @Test
    void talliesRecordsRulesConversationsAndCalls() {
        MessageSource a = new Lines("a.jsonl", List.of(
                group("1", "g1", "u1"), group("2", "g1", "u2"), group("3", "g2", "u1"),
                peer("4", "u1", "u2", null), peer("5", "u2", "u1", "u2"), peer("6", "u1", "u3", null),
                "{broken", group("7", "#bad", "u1")));
        MessageSource b = new Lines("b.jsonl", List.of(group("1", "g1", "u1"), group("8", "g3", "u9")));
        List<Rejection> rejected = new ArrayList<>();
        ValidationSummary s = new InputValidation(new MessageRules(RuleSet.defaults()))
                .run(List.of(a, b), Fixtures.NOW, rejected::add);

        assertThat(s.read()).isEqualTo(10);
        assertThat(s.valid()).isEqualTo(7);
        assertThat(s.rejected()).isEqualTo(3);
        assertThat(s.clean()).isFalse();
        assertThat(s.rejectedByRule()).isEqualTo(Map.of(CanonicalRecords.RULE_JSON, 1L, IdRules.RULE_LEADING_HASH, 1L,
                InputRules.RULE_DUPLICATE_ID, 1L));
        assertThat(s.warningsByRule()).isEqualTo(Map.of(RetentionWindow.RULE_NOW, 3L));
        assertThat(s.groupConversations()).isEqualTo(3);      // g1, g2, g3
        assertThat(s.oneToOneConversations()).isEqualTo(2);   // u1-u2 (both directions), u1-u3
        assertThat(s.importCalls()).isEqualTo(4 + 2 + 1 + 2); // group messages, then peer 4, 5 (hidden once), 6
        assertThat(rejected).extracting(r -> r.locator().toString())
                .containsExactly("a.jsonl:7", "a.jsonl:8", "b.jsonl:1");
    }

    @Test
    void aCleanInputIsClean() {
        ValidationSummary s = new InputValidation(new MessageRules(RuleSet.defaults()))
                .run(List.of(new Lines("a", List.of(group("1", "g", "u")))), Fixtures.NOW, r -> {});
        assertThat(s.clean()).isTrue();
        assertThat(s.rejectedByRule()).isEmpty();
    }

    @Test
    void aRecordBreakingOneRuleTwiceCountsOnceUnderIt() {
        ValidationTally t = new ValidationTally();
        t.add(new Validation.Rejected(new Rejection(Fixtures.AT, "x", List.of(
                new Violation("a", "r.one", "m"), new Violation("b", "r.one", "m"), new Violation("c", "r.two", "m")))));
        assertThat(t.summary().rejectedByRule()).isEqualTo(Map.of("r.one", 1L, "r.two", 1L));
    }

    /**
     * The pass judges without building Messages ({@link InputRules#judge}); record by record it must give the
     * rejections {@link InputRules#check} gives, and a tally of its parts equal to the tally of check's results.
     */
    @Test
    void judgingWithoutMessagesAgreesWithCheckRecordByRecord() {
        List<String> lines = List.of(
                group("1", "g1", "u1"), group("1", "g1", "u1"), group("2", "#bad", "u1"), group("2", "g1", "u1"),
                peer("3", "u1", "u2", null), peer("4", "u2", "u1", "u2"), peer("5", "u1", "u1", null),
                peer("6", "u1", "u2", "u9"), peer("7", "u1", "u3", "u1"), "{broken", "{\"Id\":\"1\",", "",
                group("", "g1", "u1"), peer("8", "u1", "u2", "u1"), peer("8", "u1", "u2", null));
        MessageRules rules = new MessageRules(RuleSet.defaults());
        InputRules byCheck = new InputRules(rules);
        InputRules byJudge = new InputRules(rules);
        ValidationTally checked = new ValidationTally();
        ValidationTally judged = new ValidationTally();
        MessageRules.Parts parts = new MessageRules.Parts();
        long n = 0;
        for (String line : lines) {
            SourceRecord record = CanonicalRecords.decode(line, Locator.line("a", ++n));
            Validation v = byCheck.check(record, Fixtures.NOW);
            Rejection r = byJudge.judge(record, Fixtures.NOW, parts);
            checked.add(v);
            if (v instanceof Validation.Rejected rejected) {
                assertThat(r).as(line).isEqualTo(rejected.rejection());
                judged.rejected(r);
            } else {
                var m = ((Validation.Accepted) v).message();
                assertThat(r).as(line).isNull();
                assertThat(parts.sender()).isEqualTo(m.sender());
                assertThat(parts.conversation()).isEqualTo(m.conversation());
                assertThat(parts.hiddenFor()).containsExactlyInAnyOrderElementsOf(m.hiddenFor());
                assertThat(parts.warnings()).isEqualTo(((Validation.Accepted) v).warnings());
                judged.accepted(parts);
            }
        }
        assertThat(byJudge.recordsChecked()).isEqualTo(byCheck.recordsChecked()).isEqualTo(lines.size());
        assertThat(judged.summary()).isEqualTo(checked.summary());
        assertThat(judged.summary().importCalls()).isEqualTo(1 + 2 + 1 + 1 + 1); // g1, peer 3, then 4, 7 and 8 each hidden once
    }
}

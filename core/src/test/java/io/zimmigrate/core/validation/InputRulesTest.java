package io.zimmigrate.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.input.CanonicalRecords;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.rules.Fixtures;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.rules.Validation;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputRulesTest {
    private final InputRules input = new InputRules(new MessageRules(RuleSet.defaults()));

    private static SourceRecord readable(long line, String id) {
        return new SourceRecord.Readable(Locator.line("f", line), Fixtures.groupText().id(id).build());
    }

    private Validation check(SourceRecord r) {
        return input.check(r, Fixtures.NOW);
    }

    @Test
    void aRepeatedIdRejectsTheLaterRecordOnly() {
        assertThat(check(readable(1, "a"))).isInstanceOf(Validation.Accepted.class);
        assertThat(check(readable(2, "b"))).isInstanceOf(Validation.Accepted.class);
        Validation third = check(readable(3, "a"));
        assertThat(Fixtures.rules(third)).containsExactly(InputRules.RULE_DUPLICATE_ID);
        Rejection r = ((Validation.Rejected) third).rejection();
        assertThat(r.locator().position()).isEqualTo(3);
        assertThat(r.violations().get(0).field()).isEqualTo("Id");
        assertThat(r.violations().get(0).message()).contains("\"a\"");
        assertThat(Fixtures.rules(check(readable(4, "a")))).containsExactly(InputRules.RULE_DUPLICATE_ID);
    }

    @Test
    void aDuplicateThatIsAlsoInvalidReportsBoth() {
        check(readable(1, "a"));
        SourceRecord bad = new SourceRecord.Readable(Locator.line("f", 2),
                Fixtures.groupText().id("a").priority(7).build());
        assertThat(Fixtures.rules(check(bad))).containsExactly(InputRules.RULE_DUPLICATE_ID, MessageRules.RULE_PRIORITY);
    }

    @Test
    void anInvalidFirstRecordStillClaimsItsId() {
        check(new SourceRecord.Readable(Locator.line("f", 1), Fixtures.groupText().id("a").priority(7).build()));
        assertThat(Fixtures.rules(check(readable(2, "a")))).containsExactly(InputRules.RULE_DUPLICATE_ID);
        // An unreadable record whose Id could be read claims it too.
        check(CanonicalRecords.decode("{\"Id\":\"z\",\"Typo\":1}", Locator.line("f", 3)));
        assertThat(Fixtures.rules(check(readable(4, "z")))).containsExactly(InputRules.RULE_DUPLICATE_ID);
    }

    @Test
    void recordsWithoutIdAreNotDuplicatesOfEachOther() {
        assertThat(Fixtures.rules(check(readable(1, null)))).containsExactly(MessageRules.RULE_ID_REQUIRED);
        assertThat(Fixtures.rules(check(readable(2, null)))).containsExactly(MessageRules.RULE_ID_REQUIRED);
        assertThat(Fixtures.rules(check(CanonicalRecords.decode("not json", Locator.line("f", 3)))))
                .containsExactly(CanonicalRecords.RULE_JSON);
    }

    @Test
    void ordinalsCountEveryRecordInInputOrder() {
        check(readable(1, "a"));
        check(CanonicalRecords.decode("[]", Locator.line("f", 2)));
        Validation v = check(readable(3, "c"));
        assertThat(((Validation.Accepted) v).message().ordinal()).isEqualTo(2);
        assertThat(input.recordsChecked()).isEqualTo(3);
    }

    @Test
    void idsAreComparedExactly() {
        for (String id : List.of("a", "A", "a ", "á", "a\u0000")) {
            assertThat(check(readable(1, id))).as(id).isInstanceOf(Validation.Accepted.class);
        }
    }
}

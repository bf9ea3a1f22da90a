package io.zimmigrate.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/** The one-pass check of ordinary IDs agrees with the rules as written, for any text and both space settings. */
class IdRulesPropertiesTest {

    private static boolean validByDefinition(IdRules rules, String v, boolean group) {
        return v != null && !v.isEmpty() && Utf8.length(v) <= IdRules.MAX_BYTES
                && v.codePoints().allMatch(rules::isAllowed) && !(group && v.charAt(0) == '#');
    }

    @Test
    void validExactlyWhenEveryRuleHolds() {
        var text = Generate.oneOf(strings().ascii().ofLengthBetween(0, 40), strings().allPossible().ofLengthBetween(0, 34),
                Generate.pick(java.util.List.of("a b", "#g", "g#", "~", "x".repeat(32), "x".repeat(33), "é", "\u0000")));
        qt().withExamples(5000).forAll(text, Generate.booleans()).checkAssert((v, space) -> {
            IdRules rules = IdRules.of(space);
            assertThat(rules.checkUser("f", v).isEmpty()).as(v).isEqualTo(validByDefinition(rules, v, false));
            assertThat(rules.checkGroup("f", v).isEmpty()).as(v).isEqualTo(validByDefinition(rules, v, true));
        });
    }
}

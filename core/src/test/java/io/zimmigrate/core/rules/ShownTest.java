package io.zimmigrate.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.Test;

class ShownTest {

    @Test
    void quotesAndEscapes() {
        assertThat(Shown.value("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(Shown.value(null)).isEqualTo("(absent)");
        assertThat(Shown.value("tab\there")).isEqualTo("\"tab\\u0009here\"");
    }

    @Test
    void escapesWhatCouldDriveATerminal() {
        assertThat(Shown.value("\u001b[31mred")).startsWith("\"\\u001b[31mred");
        assertThat(Shown.value("x\u009by")).isEqualTo("\"x\\u009by\"");      // C1 CSI
        assertThat(Shown.value("a\u202eb")).isEqualTo("\"a\\u202eb\"");        // right-to-left override
        assertThat(Shown.value("a\u2028b")).isEqualTo("\"a\\u2028b\"");        // line separator
        assertThat(Shown.value("a\ud800b")).isEqualTo("\"a\\ud800b\"");        // unpaired surrogate
        assertThat(Shown.value("ok 😀 中")).isEqualTo("\"ok 😀 中\"");
    }

    @Test
    void longValuesAreCutWithoutSplittingACharacter() {
        qt().forAll(strings().allPossible().ofLengthBetween(0, 300)).checkAssert(s -> {
            String shown = Shown.value(s);
            assertThat(shown.codePointCount(0, shown.length())).isLessThan(Shown.MAX_CHARS * 6 + 40);
            for (int i = 0; i < shown.length(); i++) {
                char c = shown.charAt(i);
                if (Character.isHighSurrogate(c)) {
                    assertThat(i + 1 < shown.length() && Character.isLowSurrogate(shown.charAt(i + 1))).isTrue();
                    i++;
                } else {
                    assertThat(Character.isLowSurrogate(c)).isFalse();
                }
            }
        });
        String emoji = "😀".repeat(100);
        assertThat(Shown.value(emoji)).isEqualTo("\"" + "😀".repeat(Shown.MAX_CHARS) + "\"… (400 bytes)");
    }
}

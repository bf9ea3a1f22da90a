package io.zimmigrate.core.rules;

import static io.zimmigrate.core.rules.Fixtures.rules;
import static io.zimmigrate.core.rules.Fixtures.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import io.zimmigrate.core.validation.MessageRules;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Every size limit counts UTF-8 bytes: a value of exactly the limit passes and one byte more fails, whatever mix of
 * 1-, 2-, 3- and 4-byte characters makes it up, including a multi-byte character right at the boundary.
 */
class ByteLimitsPropertiesTest {

    /** A character of each UTF-8 width. */
    private static final String[] WIDE = {"a", "é", "€", "😀"};

    private static Gen<Integer> widths() {
        return Generate.pick(java.util.List.of(1, 2, 3, 4));
    }

    /**
     * A string of exactly {@code bytes} UTF-8 bytes that ends with a character of {@code width} bytes (ASCII filler
     * in front), so the boundary falls right after a multi-byte character.
     */
    static String ofBytes(int bytes, int width) {
        int wide = Math.max(0, (bytes - 1) / width);
        int filler = bytes - wide * width;
        return "a".repeat(filler) + WIDE[width - 1].repeat(wide);
    }

    @Test
    void utf8LengthMatchesTheJdkEncoderForWellFormedText() {
        qt().forAll(strings().allPossible().ofLengthBetween(0, 200).map(ByteLimitsPropertiesTest::dropUnpaired))
                .checkAssert(s -> assertThat(Utf8.length(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void helperMakesExactLengths() {
        qt().forAll(integers().between(1, 5000), widths()).checkAssert((n, w) ->
                assertThat(ofBytes(n, w).getBytes(StandardCharsets.UTF_8)).hasSize(n));
    }

    @Test
    void messageLimitHoldsAtTheBoundary() {
        qt().withExamples(300).forAll(integers().between(4, 32768), widths()).checkAssert((limit, w) -> {
            RuleSet rules = RuleSet.defaults().withMaxMessageBytes(limit);
            assertThat(rules(validate(rules, Fixtures.groupText().bodyMessage(ofBytes(limit, w)).build()))).isEmpty();
            assertThat(rules(validate(rules, Fixtures.groupText().bodyMessage(ofBytes(limit + 1, w)).build())))
                    .containsExactly(BodyRules.RULE_SIZE);
            // Swapping the last ASCII filler for a 2-byte character adds exactly one byte.
            String exact = ofBytes(limit, w);
            int a = exact.lastIndexOf('a');
            if (a >= 0) {
                String plusOne = exact.substring(0, a) + "é" + exact.substring(a + 1);
                assertThat(rules(validate(rules, Fixtures.groupText().bodyMessage(plusOne).build())))
                        .containsExactly(BodyRules.RULE_SIZE);
            }
        });
    }

    @Test
    void defaultMessageLimitIs2048Bytes() {
        assertThat(rules(validate(Fixtures.groupText().bodyMessage("€".repeat(682) + "aa").build()))).isEmpty();
        assertThat(rules(validate(Fixtures.groupText().bodyMessage("€".repeat(683)).build())))
                .containsExactly(BodyRules.RULE_SIZE);
    }

    @Test
    void extendedDataLimitIs1024Bytes() {
        qt().forAll(widths()).checkAssert(w -> {
            assertThat(rules(validate(Fixtures.groupText().bodyExtendedData(ofBytes(1024, w)).build()))).isEmpty();
            assertThat(rules(validate(Fixtures.groupText().bodyExtendedData(ofBytes(1025, w)).build())))
                    .containsExactly(BodyRules.RULE_EXTENDED_SIZE);
        });
    }

    @Test
    void searchedContentLimitIs64Bytes() {
        qt().forAll(widths()).checkAssert(w -> {
            var custom = Fixtures.groupText().messageType(200).subMsgType(1);
            assertThat(rules(validate(custom.searchedContent(ofBytes(64, w)).build()))).isEmpty();
            assertThat(rules(validate(custom.searchedContent(ofBytes(65, w)).build())))
                    .containsExactly(MessageRules.RULE_SEARCHED_SIZE);
        });
    }

    @Test
    void urlAndFileNameLimitsAre500And150Bytes() {
        qt().forAll(widths()).checkAssert(w -> {
            assertThat(rules(validate(file(ofBytes(500, w), ofBytes(150, w))))).isEmpty();
            assertThat(rules(validate(file(ofBytes(501, w), "a.pdf")))).containsExactly(BodyRules.RULE_URL_SIZE);
            assertThat(rules(validate(file("https://x/a", ofBytes(151, w))))).containsExactly(BodyRules.RULE_FILE_NAME_SIZE);
        });
    }

    private static io.zimmigrate.core.input.RawMessage file(String url, String fileName) {
        String json = "{\"Uid\":\"f\",\"Url\":" + quote(url) + ",\"FileName\":" + quote(fileName) + "}";
        return Fixtures.media(12, json).build();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Keeps surrogate pairs (4-byte characters), drops unpaired surrogates, which have no UTF-8 form. */
    private static String dropUnpaired(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().filter(cp -> cp < 0xD800 || cp > 0xDFFF).forEach(out::appendCodePoint);
        return out.toString();
    }
}

package io.zimmigrate.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZimCodesTest {

    /**
     * Every code in zim-api.md §2 (the global return-code table, English and Chinese pages), copied by hand so the
     * test does not need ../shared at build time. If ZIM's page grows, add the codes here and to the table.
     */
    static final List<Long> DOCUMENTED = List.of(
            0L, 1L, 2L, 3L, 7L, 50014L, 51102L, 105001L,
            100000000L, 100000001L, 100000002L, 100000003L, 100000004L, 100000005L, 100000006L, 100000007L,
            100000008L, 100000009L, 100000010L, 100000011L, 100000012L, 100000013L, 100000014L, 100000015L,
            100000016L, 100000017L,
            660000001L, 660000002L, 660000003L, 660000011L, 660000012L, 660000028L, 660200001L,
            660300005L, 660300006L, 660400001L, 660500002L, 660500004L, 660500005L, 660500006L, 660500007L,
            660600001L, 660600009L, 660600010L, 660600011L, 660600012L, 660600013L, 660600016L,
            660600021L, 660600023L, 660600024L,
            660700001L, 660700002L, 660700006L, 660700007L, 660700012L, 660700015L, 660800046L,
            // Chinese page only.
            660300019L, 660600017L, 660600019L, 660600028L);

    @Test
    void everyDocumentedCodeIsListed() {
        assertThat(ZimCodes.table().keySet()).containsAll(DOCUMENTED);
    }

    @Test
    void theCodesTheBriefNamesMapAsRequired() {
        Map<Verdict, List<Long>> expected = Map.of(
                Verdict.DONE, List.of(0L),
                Verdict.RETRY_LATER, List.of(1L, 7L, 660000001L, 660000003L, 660300005L, 660300006L, 660600010L,
                        660700001L, 105001L, 100000015L),
                Verdict.RESIGN, List.of(100000004L),
                Verdict.RESIGN_ONCE_THEN_FATAL, List.of(100000005L),
                Verdict.FATAL, List.of(3L, 100000001L, 100000016L, 100000017L, 100000000L),
                Verdict.ALREADY_DONE, List.of(660600011L, 660700002L),
                Verdict.REJECTED, List.of(2L, 660000002L, 660400001L, 660500002L, 660600001L, 660800046L));
        expected.forEach((verdict, codes) -> codes.forEach(code ->
                assertThat(ZimCodes.verdictOf(code)).as("code %d", code).isEqualTo(verdict)));
    }

    @Test
    void rowsKnowTheirOwnCodeAndSayWhatItMeans() {
        ZimCodes.table().forEach((code, entry) -> {
            assertThat(entry.code()).isEqualTo(code);
            assertThat(entry.meaning()).isNotBlank();
        });
    }

    @Test
    void anyUnlistedCodeGetsTheDocumentedDefault() {
        qt().forAll(longs().all())
                .assuming(code -> !ZimCodes.table().containsKey(code))
                .check(code -> ZimCodes.verdictOf(code) == ZimCodes.UNLISTED_CODE_VERDICT
                        && ZimCodes.entry(code).isEmpty());
        assertThat(ZimCodes.UNLISTED_CODE_VERDICT).isEqualTo(Verdict.REJECTED);
    }

    @Test
    void bareStatusesSplitMaybeAppliedFromSurelyNot() {
        assertThat(BareStatuses.verdictOf(500)).isEqualTo(Verdict.MAYBE_APPLIED);
        assertThat(BareStatuses.verdictOf(502)).isEqualTo(Verdict.MAYBE_APPLIED);
        assertThat(BareStatuses.verdictOf(504)).isEqualTo(Verdict.MAYBE_APPLIED);
        assertThat(BareStatuses.verdictOf(200)).isEqualTo(Verdict.MAYBE_APPLIED);
        assertThat(BareStatuses.verdictOf(429)).isEqualTo(Verdict.RETRY_LATER);
        assertThat(BareStatuses.verdictOf(413)).isEqualTo(Verdict.REJECTED);
        assertThat(BareStatuses.verdictOf(302)).isEqualTo(Verdict.FATAL);
        assertThat(BareStatuses.verdictOf(404)).isEqualTo(Verdict.FATAL);
    }
}

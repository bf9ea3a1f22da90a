package io.zimmigrate.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

class FingerprintSetTest {

    @Test
    void behavesLikeASetOfLongs() {
        // Small values collide in the table on purpose (0, and many near each other); big lists force growth.
        var values = Generate.oneOf(longs().all(), longs().between(-3, 3), Generate.constant(0L));
        qt().withExamples(200).forAll(lists().of(values).ofSizeBetween(0, 3000)).checkAssert(list -> {
            FingerprintSet set = new FingerprintSet();
            Set<Long> model = new HashSet<>();
            for (long v : list) {
                assertThat(set.add(v)).isEqualTo(model.add(v));
            }
            assertThat(set.size()).isEqualTo(model.size());
            for (long v : list) {
                assertThat(set.contains(v)).isTrue();
            }
            for (long v : List.of(1L, -1L, 42L, Long.MIN_VALUE, Long.MAX_VALUE)) {
                assertThat(set.contains(v)).isEqualTo(model.contains(v));
            }
        });
    }

    @Test
    void stringsAreRememberedByFingerprint() {
        qt().forAll(lists().of(integers().between(0, 500).map(i -> "id-" + i)).ofSizeBetween(0, 400)).checkAssert(ids -> {
            FingerprintSet set = new FingerprintSet();
            Set<String> model = new HashSet<>();
            for (String id : ids) {
                assertThat(set.add(id)).isEqualTo(model.add(id));
            }
        });
        assertThat(FingerprintSet.fingerprint("m-1")).isEqualTo(FingerprintSet.fingerprint("m-1"))
                .isNotEqualTo(FingerprintSet.fingerprint("m-2"));
    }

    @Test
    void aMillionIdsTakeAboutTenToFourteenBytesEach() {
        int n = 1_000_000;
        FingerprintSet grown = new FingerprintSet();
        for (int i = 0; i < n; i++) {
            grown.add("message-" + i);
        }
        assertThat(grown.size()).isEqualTo(n);
        assertThat(grown.tableBytes() / (double) n).isBetween(10.0, 14.5);
        FingerprintSet presized = new FingerprintSet(n);
        long before = presized.tableBytes();
        for (int i = 0; i < n; i++) {
            presized.add("message-" + i);
        }
        assertThat(presized.tableBytes()).isEqualTo(before);
        assertThat(before / (double) n).isBetween(10.0, 10.6);
    }

    @Test
    void asciiTextIsFingerprintedAsItsUtf8Bytes() {
        // The in-place path for ASCII must equal the byte path, at every length around the 8- and 16-byte blocks.
        var text = Generate.oneOf(org.quicktheories.generators.SourceDSL.strings().ascii().ofLengthBetween(0, 70),
                org.quicktheories.generators.SourceDSL.strings().allPossible().ofLengthBetween(0, 20));
        qt().withExamples(5000).forAll(text).checkAssert(s -> assertThat(FingerprintSet.fingerprint(s))
                .isEqualTo(Murmur3.first64(s.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        // Pinned values: the fingerprint must not change between versions of the code.
        assertThat(FingerprintSet.fingerprint("")).isEqualTo(0L);
        assertThat(FingerprintSet.fingerprint("!")).isEqualTo(3919811671581751976L);
        assertThat(FingerprintSet.fingerprint("abcdefgh")).isEqualTo(-760302726695615728L);
    }
}

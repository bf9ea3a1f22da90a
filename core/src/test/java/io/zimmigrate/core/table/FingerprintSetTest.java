package io.zimmigrate.core.table;

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
    void textIsFingerprintedAsGuavasFarmHashOfItsUtf8Bytes() {
        // The buffered ASCII path must equal Guava's hash of the UTF-8 bytes, at every length around FarmHash's
        // 16/32/64-byte branches and past the buffer's first size, and for any text.
        var text = Generate.oneOf(org.quicktheories.generators.SourceDSL.strings().ascii().ofLengthBetween(0, 140),
                org.quicktheories.generators.SourceDSL.strings().allPossible().ofLengthBetween(0, 20));
        TextFingerprint reused = new TextFingerprint();
        qt().withExamples(5000).forAll(text).checkAssert(s -> {
            long guava = com.google.common.hash.Hashing.farmHashFingerprint64()
                    .hashBytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)).asLong();
            assertThat(reused.of(s)).isEqualTo(guava);
            assertThat(FingerprintSet.fingerprint(s)).isEqualTo(guava);
        });
    }

    @Test
    void fingerprintsAreFarmHashFingerprint64() {
        // Pinned against the reference implementation's published test vector (farmhash's fingerprint64 of the
        // empty string is 0x9ae16a3b2f90404f), not against this code's own output.
        assertThat(FingerprintSet.fingerprint("")).isEqualTo(0x9ae16a3b2f90404fL);
        FingerprintSet set = new FingerprintSet();
        assertThat(set.add("")).isTrue();
        assertThat(set.contains("")).isTrue();
    }
}

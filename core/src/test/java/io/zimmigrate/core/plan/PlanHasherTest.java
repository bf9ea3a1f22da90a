package io.zimmigrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The plan's fingerprint is Guava's murmur3_128 (earlier journals and kept plans still match), and can go on from a kept state. */
class PlanHasherTest {
    @Test
    void theSameHashAsGuavaForAnyMixOfPutsAndGoesOnFromACopyOrAKeptState() throws Exception {
        Random random = new Random(15);
        for (int round = 0; round < 500; round++) {
            Hasher guava = Hashing.murmur3_128().newHasher();
            PlanHasher ours = new PlanHasher();
            Hasher guavaAtHalf = null;
            PlanHasher keptAtHalf = null;
            int puts = random.nextInt(20);
            for (int p = 0; p < puts; p++) {
                if (p == puts / 2) {
                    ByteArrayOutputStream kept = new ByteArrayOutputStream();
                    ours.writeTo(new DataOutputStream(kept));
                    keptAtHalf = PlanHasher.readFrom(new DataInputStream(new ByteArrayInputStream(kept.toByteArray())));
                    assertThat(ours.copy().hash()).isEqualTo(ours.hash());
                }
                switch (random.nextInt(3)) {
                    case 0 -> {
                        int v = random.nextInt();
                        guava.putInt(v);
                        ours.putInt(v);
                        if (keptAtHalf != null) {
                            keptAtHalf.putInt(v);
                        }
                    }
                    case 1 -> {
                        long v = random.nextLong();
                        guava.putLong(v);
                        ours.putLong(v);
                        if (keptAtHalf != null) {
                            keptAtHalf.putLong(v);
                        }
                    }
                    default -> {
                        byte[] b = new byte[random.nextInt(70)];
                        random.nextBytes(b);
                        int off = b.length == 0 ? 0 : random.nextInt(b.length);
                        int len = b.length - off;
                        guava.putBytes(b, off, len);
                        ours.putBytes(b, off, len);
                        if (keptAtHalf != null) {
                            keptAtHalf.putBytes(b, off, len);
                        }
                    }
                }
            }
            String expected = guava.hash().toString();
            assertThat(ours.hash()).as("round " + round).isEqualTo(expected);
            assertThat(ours.hash()).as("hash() keeps the state").isEqualTo(expected);
            if (keptAtHalf != null) {
                assertThat(keptAtHalf.hash()).as("round " + round + " from the kept state").isEqualTo(expected);
            }
        }
    }
}

package io.zimmigrate.core.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdTableTest {
    /**
     * Keys that differ only in a trailing number ({@code g:g0} to {@code g:g19999}, a plan's group timelines) must
     * spread over the table. Their string hashes lie close together, and mixing in only the top half left them in a
     * few clusters: 211 slots probed per lookup on average, a sixth of P4's planning thread (issue #13).
     */
    @Test
    void numberedKeysAreFoundInAFewProbes() {
        IdTable table = new IdTable();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            keys.add("g:g" + i);
            keys.add("g" + i % 97 + "u" + i);
        }
        keys.forEach(table::add);
        long probes = 0;
        for (String k : keys) {
            probes += table.probes(k);
        }
        assertThat((double) probes / keys.size()).isLessThan(3.0);
    }

    @Test
    void numbersInTheOrderFirstSeenAndGivesTheTextBack() {
        IdTable table = new IdTable();
        assertThat(table.add("b")).isZero();
        assertThat(table.add("a")).isEqualTo(1);
        assertThat(table.add("b")).isZero();
        assertThat(table.add("é")).isEqualTo(2);
        assertThat(table.indexOf("a")).isEqualTo(1);
        assertThat(table.indexOf("c")).isEqualTo(-1);
        assertThat(table.get(2)).isEqualTo("é");
        assertThat(table.size()).isEqualTo(3);
    }
}

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

    /**
     * A table written as it sits in memory reads back as the same table (issue 15: a kept plan's users read back as
     * arrays): every text at its number, every look-up, and it goes on numbering new texts after the old ones.
     */
    @Test
    void aTableWrittenAsItSitsReadsBackAndGrowsOn() throws Exception {
        IdTable table = new IdTable();
        for (int i = 0; i < 5_000; i++) {
            table.add(i % 7 == 0 ? "usér-" + i : "u" + i);
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        table.writeTo(new java.io.DataOutputStream(bytes));
        IdTable back = IdTable.readFrom(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        assertThat(back.size()).isEqualTo(table.size());
        for (int i = 0; i < table.size(); i++) {
            assertThat(back.get(i)).isEqualTo(table.get(i));
            assertThat(back.indexOf(table.get(i))).isEqualTo(i);
        }
        assertThat(back.indexOf("u7")).isEqualTo(-1);
        for (int i = 5_000; i < 12_000; i++) { // grows past its slots and arrays, as read
            assertThat(back.add("u" + i)).isEqualTo(i);
        }
        assertThat(back.indexOf("u4999")).isEqualTo(4_999);
        assertThat(back.indexOf("u11999")).isEqualTo(11_999);
    }

    /** A damaged table is refused, and a damaged length is an EOF, never an array of that length allocated. */
    @Test
    void aDamagedTableIsRefused() throws Exception {
        IdTable table = new IdTable();
        for (int i = 0; i < 100; i++) {
            table.add("u" + i);
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        table.writeTo(new java.io.DataOutputStream(bytes));
        byte[] written = bytes.toByteArray();
        assertThat(written.length).as("256 slots at the end").isGreaterThan(4 * 256 + 4);
        for (int at : new int[] {0, 4, written.length - 4 * 256 - 4, written.length - 4 * 64, written.length - 4}) {
            byte[] damaged = written.clone();
            damaged[at] = (byte) 0x7F; // a count of about 2^31, not a power of two, or a slot naming entry 2^31
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> IdTable.readFrom(
                    new java.io.DataInputStream(new java.io.ByteArrayInputStream(damaged))))
                    .as("byte %d", at).isInstanceOf(java.io.IOException.class);
        }
    }

    /** A text looked up from its UTF-8 bytes in place is the one looked up as a string. */
    @Test
    void aTextIsFoundFromItsBytesInPlace() {
        IdTable table = new IdTable();
        table.add("alice");
        table.add("bób");
        byte[] record = "..alice.bób.carol".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(table.indexOf(record, 2, 5)).isZero();
        assertThat(table.indexOf(record, 8, 4)).isEqualTo(1); // ó is two bytes
        assertThat(table.indexOf(record, 13, 5)).isEqualTo(-1);
        assertThat(table.indexOf(record, 2, 4)).isEqualTo(-1); // "alic"
    }
}

package io.zimmigrate.core.journal;

/**
 * A plan's numbering of timelines and users ({@code keys}: its {@code TimelineTable}) with the fingerprint of the
 * input it plans: what a compact journal's dense lines (journal format 4, {@link DenseForm}) are keyed by. Two
 * numberings of the same fingerprint number the same keys the same way (the planner numbers in the order first seen,
 * a growth only adds numbers after them); the dense header's sampled keys check it all the same.
 */
public record JournalNumbering(String fingerprint, JournalKeys keys) {
    public JournalNumbering {
        java.util.Objects.requireNonNull(fingerprint, "fingerprint");
        java.util.Objects.requireNonNull(keys, "keys");
    }
}

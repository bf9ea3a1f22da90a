package io.zimmigrate.core.plan;

import io.zimmigrate.core.table.FingerprintSet;

/**
 * What one growth of a followed input leaves for the next in the same process (issue 15, {@code run --follow}):
 * the fingerprints of every {@code Id} the kept plan's input claimed (its messages' and its rejected records'), so a
 * growth does not read the kept plan's messages again to learn them. Owned by the caller (the follow loop keeps one
 * for its session and hands it to each import); core holds no state between runs of its own.
 *
 * <p>It belongs to one extent of the input (the kept plan's, {@link io.zimmigrate.core.port.GrowingSource#extent()}:
 * length, lines and a hash of the bytes): a growth uses it only when the plan it grows was kept with that very
 * extent, and takes it while it plans (a growth that fails leaves it empty, the next reads the IDs again). About 10
 * bytes per record while the follow runs. Not thread-safe: one follow, one import at a time.
 */
public final class GrowthMemory {
    private String extent;
    private FingerprintSet ids;
    private long reused;

    /** The IDs of the input {@code extent} describes, taken out of this memory; null when it holds another's. */
    FingerprintSet take(String extent) {
        FingerprintSet held = extent != null && extent.equals(this.extent) ? ids : null;
        reused += held == null ? 0 : 1;
        this.extent = null;
        this.ids = null;
        return held;
    }

    /** Holds {@code ids}, the IDs of the input {@code extent} describes (a plan of it was just kept). */
    void remember(String extent, FingerprintSet ids) {
        this.extent = extent;
        this.ids = ids;
    }

    /** How many growths took the IDs from here instead of reading the kept plan's messages (tests). */
    public long reused() {
        return reused;
    }
}

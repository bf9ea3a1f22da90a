package io.zimmigrate.core.engine;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The messages a journal settles, as 12 bytes each and no object per message: a sorted array of 64-bit identity
 * fingerprints (timeline and {@code Id}) with a 32-bit content fingerprint beside each, and a bit per message saying
 * whether the new export holds it. Ten million settled messages take 120 MB, only while a delta run compares exports.
 */
final class SettledMessages {
    private long[] ids;
    private int[] contents;
    private BitSet seen;
    private int size;

    /** Room for at most {@code capacity} settled messages (the previous plan's import calls): never grown. */
    SettledMessages(long capacity) {
        if (capacity > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("more than 2^31 settled import calls");
        }
        ids = new long[(int) capacity];
    }

    /** The identity of message {@code id} in timeline {@code timelineKey}. */
    static long identity(String timelineKey, String id) {
        return Hashing.farmHashFingerprint64().newHasher()
                .putString(timelineKey, StandardCharsets.UTF_8).putByte((byte) 0)
                .putString(id, StandardCharsets.UTF_8).hash().asLong();
    }

    /** First pass: one settled message's identity. */
    void add(long identity) {
        ids[size++] = identity;
    }

    /** Between the passes: sorts the identities so they are found by binary search. */
    void seal() {
        Arrays.sort(ids, 0, size); // in place: no second copy of the largest array
        contents = new int[size];
        seen = new BitSet(size);
    }

    /** Second pass: the content fingerprint of a settled message. */
    void content(long identity, long contentFingerprint) {
        int at = indexOf(identity);
        if (at >= 0) {
            contents[at] = (int) contentFingerprint;
        }
    }

    /** The message's index, or a negative number when the journal does not settle it. */
    int indexOf(long identity) {
        return Arrays.binarySearch(ids, 0, size, identity);
    }

    /** Marks a settled message as present in the new export; whether its content is unchanged. */
    boolean seenUnchanged(int index, long contentFingerprint) {
        seen.set(index);
        return contents[index] == (int) contentFingerprint;
    }

    int size() {
        return size;
    }

    /** Settled messages the new export does not hold. */
    long missing() {
        return size - seen.cardinality();
    }
}

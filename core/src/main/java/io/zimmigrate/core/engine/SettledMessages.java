package io.zimmigrate.core.engine;

import com.google.common.hash.Hashing;
import com.google.common.hash.Hasher;
import io.zimmigrate.core.model.Conversation;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * The messages a journal settles, in 12 bytes and a bit per <em>message</em> (not per import call: a one-to-one
 * message is two calls, one entry) and no object per message: a sorted array of 64-bit entries, each a fingerprint
 * of the message's {@code Id} (unique within an export) and conversation whose two low bits say which of its
 * timelines the journal settles ({@link #view}), a 32-bit content fingerprint beside each, and a bit saying whether the new export holds it. Ten
 * million settled messages take 120 MB, whatever their share of one-to-one messages, only while a delta run
 * compares exports.
 */
final class SettledMessages {
    /** A group's one timeline, or the view of the participant whose ID sorts first. */
    static final int FIRST_VIEW = 1;
    /** The view of the participant whose ID sorts second. */
    static final int SECOND_VIEW = 2;
    private static final long VIEWS = 3L;

    private final long[] entries;
    private int[] contents;
    private BitSet seen;
    private int size;

    /** Room for at most {@code capacity} settled messages (the previous plan's valid messages): never grown. */
    SettledMessages(long capacity) {
        if (capacity > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("more than 2^31 settled messages");
        }
        entries = new long[(int) capacity];
    }

    /**
     * The identity of message {@code m}: its {@code Id} and its conversation (a group, or the unordered pair of
     * participants), the same in each of its timelines. A message whose conversation changed since is another one
     * (new there, missing where it was), as when identities were kept per timeline.
     */
    static long identity(Message m) {
        Hasher h = Hashing.farmHashFingerprint64().newHasher().putString(m.id(), StandardCharsets.UTF_8).putByte((byte) 0);
        if (m.conversation() instanceof Conversation.OneToOne o) {
            UserId low = min(m.sender(), o.recipient());
            UserId high = low.equals(m.sender()) ? o.recipient() : m.sender();
            h.putString("p:", StandardCharsets.UTF_8).putString(low.value(), StandardCharsets.UTF_8).putByte((byte) 0)
                    .putString(high.value(), StandardCharsets.UTF_8);
        } else {
            h.putString(m.conversation().timelinesFor(m.sender()).get(0).key(), StandardCharsets.UTF_8);
        }
        return h.hash().asLong() & ~VIEWS;
    }

    /**
     * Which view of its conversation timeline {@code t} is: {@link #FIRST_VIEW} for a group's one
     * timeline and the view of the participant whose ID sorts first, {@link #SECOND_VIEW} for the other's (by ID,
     * not by sender, so a sender corrected since keeps the views apart).
     */
    static int view(Timeline t) {
        if (t instanceof Timeline.PeerTimeline p) {
            return p.owner().compareTo(p.peer()) <= 0 ? FIRST_VIEW : SECOND_VIEW;
        }
        return FIRST_VIEW;
    }

    private static UserId min(UserId a, UserId b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** First pass: one settled message's identity and the views ({@link #view})  the journal settles. */
    void add(long identity, int views) {
        if (views != 0) {
            entries[size++] = identity | (views & VIEWS);
        }
    }

    /** Between the passes: sorts the entries so they are found by binary search. */
    void seal() {
        java.util.Arrays.sort(entries, 0, size); // in place: no second copy of the largest array
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

    /**
     * The message's index, or a negative number when the journal does not settle it. Entries sort by their identity
     * part too (masking the two low bits keeps the order), so a binary search on it finds them.
     */
    int indexOf(long identity) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long at = entries[mid] & ~VIEWS;
            if (at < identity) {
                lo = mid + 1;
            } else if (at > identity) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Whether the journal settles the message at {@code index} in {@code view} ({@link #view}). */
    boolean settles(int index, int view) {
        return (entries[index] & view) != 0;
    }

    /** Marks a settled message as present in the new export; whether its content is unchanged. */
    boolean seenUnchanged(int index, long contentFingerprint) {
        seen.set(index);
        return contents[index] == (int) contentFingerprint;
    }

    /** Bytes held: what a delta run's comparison costs in memory (12 per message, plus a bit for "seen"). */
    long footprintBytes() {
        return 8L * entries.length + (contents == null ? 0 : 4L * contents.length) + (seen == null ? 0 : seen.size() / 8);
    }

    /** The import calls the journal settles: one per settled view of each message. */
    long settledCalls() {
        long calls = 0;
        for (int i = 0; i < size; i++) {
            calls += Long.bitCount(entries[i] & VIEWS);
        }
        return calls;
    }

    /** Settled import calls of messages the new export does not hold. */
    long missingCalls() {
        long calls = 0;
        for (int i = seen.nextClearBit(0); i < size; i = seen.nextClearBit(i + 1)) {
            calls += Long.bitCount(entries[i] & VIEWS);
        }
        return calls;
    }
}

package io.zimmigrate.core.plan;

import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.table.IdTable;
import io.zimmigrate.core.table.PagedInts;
import io.zimmigrate.core.table.PagedLongs;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Who each entry of a {@link TimelineTable} is, and the look-ups by it: a one-to-one view as its two users' numbers
 * (owner << 32 | peer, found through {@link PairSlots}), a group's timeline as its key's number in an {@link IdTable}
 * ({@code ~number}, negative). Entries are numbered 0, 1, 2, ... as first added. Kept apart from the table's calls
 * and bounds so that a kept plan writes and reads these columns as they sit in memory ({@link #writeTo}), with no
 * key made or hashed (issue 15: 2 M one-to-one timelines were parsed and inserted one by one at every resume).
 * Not thread-safe.
 */
final class TimelineIds {
    private final IdTable texts;
    /** Per entry: owner << 32 | peer for a one-to-one view, ~(its number in {@link #texts}) otherwise. */
    private final PagedLongs identity;
    /** Per text number: its entry. */
    private final PagedInts textEntry;
    private final PairSlots pairSlots;
    private int size;

    TimelineIds() {
        this.texts = new IdTable();
        this.identity = new PagedLongs();
        this.textEntry = new PagedInts();
        this.pairSlots = new PairSlots(identity::get);
    }

    private TimelineIds(DataInput in) throws IOException {
        this.size = in.readInt();
        this.identity = new PagedLongs();
        identity.readFrom(in, size);
        this.texts = IdTable.readFrom(in);
        this.textEntry = new PagedInts();
        textEntry.readFrom(in, texts.size());
        this.pairSlots = PairSlots.readFrom(in, identity::get, size);
        for (int j = 0; j < texts.size(); j++) {
            int e = textEntry.get(j);
            if (e < 0 || e >= size || identity.get(e) != ~(long) j) {
                throw new IOException("damaged timelines: group key " + j + " names entry " + e);
            }
        }
    }

    /** Writes the columns as they sit in memory: {@link #readFrom} reads them back without a look-up. */
    void writeTo(DataOutput out) throws IOException {
        out.writeInt(size);
        identity.writeTo(out, size);
        texts.writeTo(out);
        textEntry.writeTo(out, texts.size());
        pairSlots.writeTo(out);
    }

    /** The columns {@link #writeTo} wrote, checked for shape (the kept plan's checksum covers the bytes). */
    static TimelineIds readFrom(DataInput in) throws IOException {
        return new TimelineIds(in);
    }

    int size() {
        return size;
    }

    /** Entry {@code i}'s identity: owner << 32 | peer (users' numbers) for a one-to-one view, negative otherwise. */
    long identity(int i) {
        return identity.get(i);
    }

    int textCount() {
        return texts.size();
    }

    /** Text key number {@code j}. */
    String textKey(int j) {
        return texts.get(j);
    }

    /** Entry {@code i}'s key: its text, or its one-to-one view's, its users named by their numbers in {@code users}. */
    String key(int i, UserTable users) {
        long id = identity(i);
        return id < 0 ? textKey((int) ~id)
                : new Timeline.PeerTimeline(users.user((int) (id >>> 32)), users.user((int) id)).key();
    }

    /** Whether text key number {@code j} is {@code key}, compared in place. */
    boolean textIs(int j, String key) {
        return texts.textIs(j, key, 0, key.length());
    }

    /** The entry of text key {@code key}; when absent, made if {@code add}, else -1. */
    int text(String key, boolean add) {
        if (!add) {
            int j = texts.indexOf(key);
            return j < 0 ? -1 : textEntry.get(j);
        }
        return textEntry.get(textNumber(key));
    }

    /** The entry of text key number {@code j}. */
    int textEntryOf(int j) {
        return textEntry.get(j);
    }

    /** The number of text key {@code key}, adding it (and its entry) when new. */
    int textNumber(String key) {
        int before = texts.size();
        int j = texts.add(key);
        if (j < before) {
            return j;
        }
        int i = newEntry(~(long) j);
        textEntry.reach(j);
        textEntry.set(j, i);
        return j;
    }

    /** The entry of the one-to-one view of identity {@code id}; when absent, made if {@code add}, else -1. */
    int pair(long id, boolean add) {
        int slot = pairSlots.slotOf(id);
        int e = pairSlots.entryAt(slot);
        if (e != PairSlots.EMPTY || !add) {
            return e;
        }
        int i = newEntry(id);
        pairSlots.put(slot, i);
        return i;
    }

    long bytes() {
        return texts.bytes() + identity.bytes() + textEntry.bytes() + pairSlots.bytes();
    }

    private int newEntry(long id) {
        int i = size++;
        identity.reach(i);
        identity.set(i, id);
        return i;
    }
}

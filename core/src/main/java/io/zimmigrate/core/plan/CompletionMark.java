package io.zimmigrate.core.plan;

import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.port.PlanStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a kept plan that completes half-imported edits says about itself (issue 15, session 15). A delta that finds a
 * changed one-to-one message imported into one view only keeps its plan with that message in its imported version,
 * so a resume after a kill still sends the other view what ZIM holds in the first ({@code PlanGenerations.completing}).
 * Such a plan carries this mark at the very end of its header, after the trailer: the export's own version of each
 * message it holds in its imported version. A run that uses the plan and sends every view (not stopped, no call left
 * unattempted) keeps it again as planned ({@link #keepAsPlanned}): the export's versions back in place, without the
 * mark, so a later delta compares its export with this one's and reports a still-present edit once.
 *
 * <p>Why at the end of the header: it is written and replaced with the plan itself, atomically (a crash leaves the
 * marked plan or the plan as planned, never one without the other); a plan with no completions is byte for byte what
 * it was; the header's end is read past by every reader (a version before this one ignores it and behaves as before,
 * and a growth's trailer is read from its start: {@link PlanGrowth#find}); and a resume reads the header anyway, so
 * learning of the mark costs nothing at the first send (P6).
 *
 * <p>Its form, read from the end: the magic ({@value #MAGIC_TEXT}, 8 bytes), the length of what comes before it
 * (an int), and before that each message's record ({@link MessageCodec}) after its int length, then their count.
 */
public final class CompletionMark {
    private static final String MAGIC_TEXT = "ZMCMPLT1";
    private static final long MAGIC = 0x5A4D434D504C5431L; // "ZMCMPLT1"
    private static final int TAIL = 4 + 8;

    private CompletionMark() {}

    /** The mark naming {@code asExported}: the export's version of each message the plan holds imported. */
    public static byte[] of(Collection<Message> asExported) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            for (Message m : asExported) {
                byte[] record = MessageCodec.encode(m);
                out.writeInt(record.length);
                out.write(record);
            }
            out.writeInt(asExported.size());
            int body = out.size();
            out.writeInt(body);
            out.writeLong(MAGIC);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code trailer} (the bytes after a kept plan's header proper) ends with a mark. */
    public static boolean marks(byte[] trailer) {
        return start(trailer) >= 0;
    }

    /** The export's versions a mark at the end of {@code trailer} names, by ID; empty when there is none. */
    static Map<String, byte[]> asExported(byte[] trailer) {
        int at = start(trailer);
        Map<String, byte[]> out = new HashMap<>();
        if (at < 0) {
            return out;
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(trailer, at, trailer.length - TAIL - at));
            int end = trailer.length - TAIL - 4;
            int read = at;
            while (read < end) {
                byte[] record = new byte[in.readInt()];
                in.readFully(record);
                read += 4 + record.length;
                out.put(MessageCodec.id(record), record);
            }
            if (read != end || in.readInt() != out.size()) {
                throw new IllegalStateException("a kept plan's completion mark does not add up");
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("a kept plan's completion mark is unreadable (" + e.getMessage() + ")", e);
        }
    }

    /** The mark at the end of {@code trailer}, its bytes as they are (a growth carries it on); empty when none. */
    public static byte[] markOf(byte[] trailer) {
        int at = start(trailer);
        return at < 0 ? new byte[0] : Arrays.copyOfRange(trailer, at, trailer.length);
    }

    /** {@code trailer} without its mark (a growth's trailer, or nothing). */
    static byte[] without(byte[] trailer) {
        int at = start(trailer);
        return at < 0 ? trailer : Arrays.copyOf(trailer, at);
    }

    /** Where the mark begins in {@code trailer}; -1 when it ends with none. */
    private static int start(byte[] trailer) {
        if (trailer == null || trailer.length < TAIL + 4 || readLong(trailer, trailer.length - 8) != MAGIC) {
            return -1;
        }
        int body = readInt(trailer, trailer.length - TAIL);
        int at = trailer.length - TAIL - body;
        return body >= 4 && at >= 0 ? at : -1;
    }

    /**
     * Keeps the plan {@code store} keeps again as planned, when it is the plan of {@code fingerprint} and marked: the
     * export's versions in place of the imported ones, the rest (header, trailer, order) as it is, atomically. True
     * if it did. Asked once a run that used a marked plan sent every view: the next run finds it unmarked.
     */
    public static boolean keepAsPlanned(PlanStore store, String fingerprint) {
        KeptPlan.WithTrailer kept;
        try {
            kept = KeptPlan.withTrailer(store);
        } catch (IOException e) {
            return false; // unreadable: the next run plans in full anyway
        }
        if (kept == null || !kept.plan().fingerprint().equals(fingerprint) || !marks(kept.trailer())) {
            return false;
        }
        Map<String, byte[]> asExported;
        try {
            asExported = asExported(kept.trailer());
        } catch (IllegalStateException e) {
            return false; // a mark nobody can read: kept as it is, as before this mark (a later delta reports again)
        }
        kept.plan().timelineTable().holdBounds(); // its table streams them from the header it replaces
        KeptPlan.keep(substituting(store, asExported), kept.key(), kept.plan(), without(kept.trailer()));
        return true;
    }

    /** {@code store}, writing each message of {@code records} (by ID) in their place in the plan it keeps. */
    private static PlanStore substituting(PlanStore store, Map<String, byte[]> records) {
        return new PlanStore() {
            @Override
            public Optional<Stored> find() {
                return store.find();
            }

            @Override
            public Draft draft(byte[] header) {
                return substituting(store.draft(header));
            }

            @Override
            public Draft draft(long length, HeaderWriter header) {
                return substituting(store.draft(length, header));
            }

            @Override
            public void discard() {
                store.discard();
            }

            private Draft substituting(Draft draft) {
                return new Draft() {
                    @Override
                    public void write(byte[] record) {
                        byte[] instead = records.get(MessageCodec.id(record));
                        draft.write(instead == null ? record : instead);
                    }

                    @Override
                    public void commit(byte[] footer) {
                        draft.commit(footer);
                    }

                    @Override
                    public void close() {
                        draft.close();
                    }
                };
            }
        };
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static long readLong(byte[] b, int at) {
        return ((long) readInt(b, at) << 32) | (readInt(b, at + 4) & 0xFFFFFFFFL);
    }
}

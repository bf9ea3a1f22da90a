package io.zimmigrate.core.plan;

import io.zimmigrate.core.port.PlanStore;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * Each timeline's first and last task, read again from a kept plan's header, in the timelines' order (their numbers):
 * the table a kept plan is read into holds its timelines' calls but not these 32 bytes each ({@link TaskBounds}),
 * which a resume needs once, to find where the journal's settled prefix of the plan ends (issue #13). The header is
 * streamed through a 64 KiB buffer up to the end of its timelines.
 */
final class KeptBounds {
    private KeptBounds() {}

    /** Format 2 ({@link KeptTables}): {@code count} rows of 32 bytes from byte {@code at} of the header. */
    static void stream(PlanStore.Stored stored, long at, int count, TimelineTable.BoundsVisitor visitor)
            throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(stored.headerStream(), 1 << 16))) {
            in.skipNBytes(at);
            KeptTables.visitBounds(in, count, visitor);
        }
    }

    /** Format 1: each timeline's key, calls and bounds, after the counts before them. */
    static void stream(PlanStore.Stored stored, TimelineTable.BoundsVisitor visitor) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(stored.headerStream(), 1 << 16))) {
            skipToTimelines(in);
            int timelines = in.readInt();
            for (int i = 0; i < timelines; i++) {
                in.skipNBytes(in.readInt()); // the key: the table numbers timelines in this order
                in.readLong(); // calls
                visitor.visit(i, PlanIo.readKey(in), PlanIo.readKey(in));
            }
        }
    }

    /**
     * Reads a kept header from its start up to its timelines' count (either format) and returns its format; the
     * magic and format were checked when the plan was found.
     */
    static int skipToTimelines(DataInputStream in) throws IOException {
        in.readInt(); // magic
        int format = in.readInt();
        PlanIo.readString(in); // the key it is kept under
        PlanIo.readString(in); // the fingerprint
        in.skipNBytes(4 * Long.BYTES); // messages, records read, rejected, warnings
        for (int i = in.readInt(); i > 0; i--) {
            PlanIo.readString(in); // rejections by rule
            in.readLong();
        }
        return format;
    }
}

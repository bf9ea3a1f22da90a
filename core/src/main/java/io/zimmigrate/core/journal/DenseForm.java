package io.zimmigrate.core.journal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The dense lines of a compact journal (journal format 4, issue 15 P6): the timelines a plan numbers are written by
 * that number, many to a line, instead of one line each with its key, and the subjects provisioned many to a line. A
 * resume of 2 M one-to-one timelines among 500,000 provisioned users replayed 4.5 M lines, each parsed, its key
 * checked against the plan: about half of the 7 s to its first send. Dense, it is about 1,000 lines.
 *
 * <ul>
 *   <li>{@code ["dp",subject,subject,...]}: subjects provisioned ({@code user:ID}, {@code group:ID}), up to
 *   {@value #SUBJECTS_PER_LINE} to a line, as text: a plan read back from where it is kept numbers its users in
 *   another order than the planner that made it, so users are not written by number.</li>
 *   <li>{@code ["du",fingerprint,users]} (format 5): every one of the {@code users} users the plan of input
 *   {@code fingerprint} numbers was provisioned; the users of that plan are then left out of the {@code "dp"} lines.
 *   Which users these are does not depend on the order a plan numbers them in, so a resume keyed by that plan marks
 *   them all at once (500,500 users: 501 lines of IDs, a third of a one-to-one resume's replay, issue 15 P6); a run
 *   keyed by another plan reads their IDs through the plan they were written under (a delta's earlier one, or the
 *   plan a growth started from: its first {@code users} numbers).</li>
 *   <li>{@code ["dh",fingerprint,timelines,sample]}: the header, before the timelines' lines. They are numbered by
 *   the plan of input {@code fingerprint}, of which they cover the first {@code timelines} timelines; {@code sample}
 *   is a CRC-32C of {@value #SAMPLES} keys spread over them, so a numbering that is not that plan's is found before a
 *   row is trusted.</li>
 *   <li>{@code ["dt",first,count,base64]}: timelines {@code first} to {@code first + count - 1}: a bit per timeline
 *   settled, then for each settled one, in order, its settled send time, ordinal and ZIM sequence (0: settled as
 *   rejected), as zigzag varints, the time and ordinal as the difference from the previous settled timeline's;
 *   {@value #TIMELINES_PER_LINE} timelines to a line, a line with none settled left out.</li>
 * </ul>
 *
 * Read by number when the state is keyed by that plan; by key, through the plan they were written under, when it
 * is keyed by another one (a delta's new plan); refused when neither is at hand: a row never goes to a timeline by
 * guesswork. Everything else (text rows, subjects the plan does not number, sends in flight, late messages) stays
 * in the lines of format 3 after them.
 */
final class DenseForm {
    static final int TIMELINES_PER_LINE = 4096;
    static final int SUBJECTS_PER_LINE = 1000;
    static final int SAMPLES = 64;
    private static final String TIMELINES_LINE = "[\"dt\",";

    private DenseForm() {}

    /** Whether {@code line} is a dense line (of any kind): a line of no other kind starts so. */
    static boolean isDense(String line) {
        return line.startsWith("[\"d");
    }

    // ---- writing -----------------------------------------------------------------------------------------------

    static String header(String fingerprint, JournalKeys keys, int timelines) {
        return new JournalLines.Line().add("dh").add(fingerprint).add(timelines).add(sample(keys, timelines)).toString();
    }

    /** The line of the next (up to) {@value #SUBJECTS_PER_LINE} subjects of {@code subjects}; null when none is left. */
    static String subjects(java.util.Iterator<String> subjects) {
        if (!subjects.hasNext()) {
            return null;
        }
        JournalLines.Line line = new JournalLines.Line().add("dp");
        for (int i = 0; i < SUBJECTS_PER_LINE && subjects.hasNext(); i++) {
            line.add(subjects.next());
        }
        return line.toString();
    }

    /** The line that says every one of the {@code users} users of the plan of input {@code fingerprint} was provisioned. */
    static String everyUser(String fingerprint, int users) {
        return new JournalLines.Line().add("du").add(fingerprint).add(users).toString();
    }

    /** The line of timelines {@code first} to {@code first + count - 1} of {@code state}; null when none is settled. */
    static String timelines(JournalState state, int first, int count) {
        byte[] settled = new byte[(count + 7) >>> 3];
        ByteArrayOutputStream values = new ByteArrayOutputStream(count * 8);
        long time = 0;
        long ordinal = 0;
        boolean any = false;
        for (int i = 0; i < count; i++) {
            int t = first + i;
            if (t >= state.settled.rows || !state.has(t, JournalState.SETTLED)) {
                continue;
            }
            any = true;
            settled[i >>> 3] |= (byte) (1 << (i & 7));
            long nextTime = state.settled.time.get(t);
            long nextOrdinal = state.settled.ordinal.get(t);
            varint(values, nextTime - time);
            varint(values, nextOrdinal - ordinal);
            varint(values, state.settled.msgSeq.get(t));
            time = nextTime;
            ordinal = nextOrdinal;
        }
        if (!any) {
            return null;
        }
        byte[] all = new byte[settled.length + values.size()];
        System.arraycopy(settled, 0, all, 0, settled.length);
        System.arraycopy(values.toByteArray(), 0, all, settled.length, values.size());
        return line("dt", first, count, all);
    }

    private static String line(String kind, int first, int count, byte[] payload) {
        return new JournalLines.Line().add(kind).add(first).add(count)
                .add(Base64.getEncoder().encodeToString(payload)).toString();
    }

    /** A zigzag LEB128 varint: small magnitudes, either sign, in few bytes. */
    private static void varint(ByteArrayOutputStream out, long v) {
        long z = (v << 1) ^ (v >> 63);
        while ((z & ~0x7FL) != 0) {
            out.write((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
    }

    /** A CRC-32C of the count and of {@value #SAMPLES} keys spread over it: cheap, and another numbering fails it. */
    static int sample(JournalKeys keys, int timelines) {
        CRC32C crc = new CRC32C();
        crc.update(java.nio.ByteBuffer.allocate(4).putInt(timelines).array());
        for (int k = 0; k < SAMPLES && timelines > 0; k++) {
            crc.update(keys.timelineKey(spread(k, timelines)).getBytes(StandardCharsets.UTF_8));
            crc.update('\n');
        }
        return (int) crc.getValue();
    }

    /** The {@code k}-th of {@value #SAMPLES} numbers spread over 0 to {@code n - 1}: the first and the last among them. */
    private static int spread(int k, int n) {
        return (int) ((long) k * (n - 1) / (SAMPLES - 1));
    }

    // ---- reading -----------------------------------------------------------------------------------------------

    /**
     * How the dense lines after a header are read into a state: by number when the state is keyed by the numbering
     * they were written under, else by key through {@code writtenUnder}'s keys.
     */
    static final class Reader {
        private final JournalKeys byKey; // null: rows by number, straight into the state's columns
        private final int timelines;

        private Reader(JournalKeys byKey, int timelines) {
            this.byKey = byKey;
            this.timelines = timelines;
        }

        /**
         * Applies one dense line to {@code state}; returns the reader for the next ones (a header makes a new one).
         *
         * @throws IllegalStateException when the line is not a well-formed dense line, comes before its header, or
         *     its numbering is neither the state's nor {@code writtenUnder}'s: its rows cannot be placed
         */
        static Reader apply(JournalState state, Reader reader, String line, JournalNumbering keyedBy,
                            JournalNumbering writtenUnder) {
            if (timelinesInPlace(state, reader, line)) {
                return reader;
            }
            List<Object> v = JournalLines.values(line);
            String kind = v != null && !v.isEmpty() && v.get(0) instanceof String k ? k : "";
            if (kind.equals("dp") && v.stream().allMatch(s -> s instanceof String)) {
                for (int i = 1; i < v.size(); i++) {
                    state.provisioned.add((String) v.get(i));
                }
                return reader;
            }
            if (kind.equals("du") && v.size() == 3 && v.get(1) instanceof String fingerprint && v.get(2) instanceof Long n
                    && n > 0 && n <= Integer.MAX_VALUE) {
                everyUser(state, fingerprint, (int) (long) n, keyedBy, writtenUnder);
                return reader;
            }
            if (kind.equals("dh") && v.size() == 4 && v.get(1) instanceof String fingerprint
                    && v.get(2) instanceof Long t && v.get(3) instanceof Long sample && t >= 0 && t <= Integer.MAX_VALUE) {
                return header(fingerprint, (int) (long) t, (int) (long) sample, keyedBy, writtenUnder);
            }
            if (v == null || v.size() != 4 || !(v.get(1) instanceof Long first) || !(v.get(2) instanceof Long count)
                    || !(v.get(3) instanceof String payload) || !kind.equals("dt")) {
                throw malformed(line, "not a dense line of this version");
            }
            if (reader == null) {
                throw malformed(line, "a dense line before its header");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(payload);
            } catch (IllegalArgumentException e) {
                throw malformed(line, "its values are not base64");
            }
            if (first < 0 || count <= 0 || first + count > reader.timelines) {
                throw malformed(line, "its rows are outside the header's " + reader.timelines);
            }
            reader.timelines(state, (int) (long) first, (int) (long) count, bytes, line);
            return reader;
        }

        /**
         * Applies a {@code "dt"} line in exactly our form read in place: its base64 cut out whole, not copied a char
         * at a time into a list of values (250 lines of 40 KB in a resume's replay, issue 15 P6). False, having
         * changed nothing, for any other line or one that does not check out, which the general way reads and judges.
         */
        private static boolean timelinesInPlace(JournalState state, Reader reader, String line) {
            int n = line.length();
            if (reader == null || !line.startsWith(TIMELINES_LINE) || line.charAt(n - 1) != ']') {
                return false;
            }
            long[] value = new long[1];
            int i = JournalLines.number(line, TIMELINES_LINE.length(), value);
            if (i < 0 || line.charAt(i) != ',') {
                return false;
            }
            long first = value[0];
            i = JournalLines.number(line, i + 1, value);
            long count = value[0];
            if (i < 0 || i + 1 >= n - 2 || line.charAt(i) != ',' || line.charAt(i + 1) != '"' || line.charAt(n - 2) != '"'
                    || first < 0 || count <= 0 || first + count > reader.timelines) {
                return false;
            }
            byte[] bytes;
            try { // a quote or backslash inside is no base64 either: the general way judges such a line
                bytes = Base64.getDecoder().decode(line.substring(i + 2, n - 2));
            } catch (IllegalArgumentException e) {
                return false;
            }
            reader.timelines(state, (int) first, (int) count, bytes, line);
            return true;
        }

        private static Reader header(String fingerprint, int timelines, int sample, JournalNumbering keyedBy,
                                     JournalNumbering writtenUnder) {
            if (fits(keyedBy, fingerprint, timelines, sample)) {
                return new Reader(null, timelines);
            }
            if (fits(writtenUnder, fingerprint, timelines, sample)) {
                boolean same = keyedBy != null && keyedBy.keys() == writtenUnder.keys();
                return new Reader(same ? null : writtenUnder.keys(), timelines);
            }
            throw new IllegalStateException("the journal's compact lines are numbered by the plan of input "
                    + fingerprint + " (" + timelines + " timelines), and this run has no such plan at hand (or its "
                    + "numbering differs): they cannot be read by guesswork. Run the version that wrote the journal, or "
                    + "rebuild the journal from what ZIM holds with --recover");
        }

        /**
         * Marks the {@code users} users of plan {@code fingerprint} provisioned: all at once when this state is keyed by
         * a numbering of that plan with that many users, else one by one, by ID, through a numbering of that plan (or
         * of a growth of it, whose first numbers are its users) that the run has at hand; refused without one.
         */
        private static void everyUser(JournalState state, String fingerprint, int users, JournalNumbering keyedBy,
                                      JournalNumbering writtenUnder) {
            if (keyedBy != null && keyedBy.fingerprint().equals(fingerprint) && keyedBy.keys().userCount() == users
                    && state.provisioned.numberedUsers() == users) {
                state.provisioned.addEveryNumberedUser();
                return;
            }
            JournalNumbering by = numbersUsers(writtenUnder, fingerprint, users) ? writtenUnder
                    : numbersUsers(keyedBy, fingerprint, users) ? keyedBy : null;
            if (by == null) {
                throw new IllegalStateException("the journal's compact lines are numbered by the plan of input "
                        + fingerprint + " (every one of its " + users + " users provisioned), and this run has no such "
                        + "plan at hand: which users these are cannot be guessed. Run the version that wrote the "
                        + "journal, or rebuild the journal from what ZIM holds with --recover");
            }
            for (int u = 0; u < users; u++) {
                state.provisioned.add("user:" + by.keys().userId(u));
            }
        }

        private static boolean numbersUsers(JournalNumbering n, String fingerprint, int users) {
            return n != null && n.fingerprint().equals(fingerprint) && n.keys().userCount() >= users;
        }

        private static boolean fits(JournalNumbering n, String fingerprint, int timelines, int sample) {
            return n != null && n.fingerprint().equals(fingerprint) && timelines <= n.keys().timelineCount()
                    && sample(n.keys(), timelines) == sample;
        }

        private void timelines(JournalState state, int first, int count, byte[] bytes, String line) {
            int at = (count + 7) >>> 3;
            if (bytes.length < at) {
                throw malformed(line, "it ends early");
            }
            long[] value = new long[1];
            long time = 0;
            long ordinal = 0;
            for (int i = 0; i < count; i++) {
                if ((bytes[i >>> 3] & 1 << (i & 7)) == 0) {
                    continue;
                }
                at = varint(bytes, at, value, line);
                time += value[0];
                at = varint(bytes, at, value, line);
                ordinal += value[0];
                at = varint(bytes, at, value, line);
                int t = byKey == null ? first + i : state.row(byKey.timelineKey(first + i), -1);
                state.settleDense(t, time, ordinal, value[0]);
            }
            if (at != bytes.length) {
                throw malformed(line, "it has values beyond its rows");
            }
        }

        private static int varint(byte[] bytes, int at, long[] out, String line) {
            long z = 0;
            for (int shift = 0; ; shift += 7) {
                if (at >= bytes.length || shift > 63) {
                    throw malformed(line, "a value ends early");
                }
                byte b = bytes[at++];
                z |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    break;
                }
            }
            out[0] = (z >>> 1) ^ -(z & 1);
            return at;
        }

        private static IllegalStateException malformed(String line, String why) {
            return new IllegalStateException("a dense journal line is damaged (" + why + "): "
                    + (line.length() > 60 ? line.substring(0, 60) + "..." : line) + " Do not edit the journal: rebuild "
                    + "it from what ZIM holds with --recover");
        }
    }
}

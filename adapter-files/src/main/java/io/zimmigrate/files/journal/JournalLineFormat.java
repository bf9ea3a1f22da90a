package io.zimmigrate.files.journal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * How {@code journal.log} lines look on disk: a header naming the format, then every line behind the CRC-32C of its
 * number and text. Kept apart from {@link FileJournal}, which owns the file, its lock and its torn tail.
 */
final class JournalLineFormat {
    static final String HEADER_TEXT = "zim-migrate journal format ";
    static final java.util.regex.Pattern HEADER =
            java.util.regex.Pattern.compile("(?:[0-9a-f]{8} )?" + HEADER_TEXT + "(\\d{1,9})");
    static final String RECOVER_HINT = "Do not edit the journal: rebuild it from what ZIM holds by running "
            + "the same command with --recover";

    /** Lower-case, as {@link #verified} wants. */
    private static final java.util.HexFormat HEX = java.util.HexFormat.of();

    private JournalLineFormat() {}


    /**
     * Checks line 1 and returns the log's format: {@link FileJournal#FORMAT}, or {@link FileJournal#OLDEST_READ} to
     * it (read as it is: its lines are lines of this format without the plan's numbers or dense lines); any other is
     * refused.
     */
    static int checkHeader(String line, Path log) {
        java.util.regex.Matcher m = HEADER.matcher(line);
        int format = m.matches() ? Integer.parseInt(m.group(1)) : line.startsWith("[") ? 1 : -1;
        if (format == -1) {
            throw new JournalFormatException("line 1 of the journal " + log + " is not a zim-migrate journal header; "
                    + "this zim-migrate reads journal format " + FileJournal.FORMAT + ". " + RECOVER_HINT);
        }
        if (format < FileJournal.OLDEST_READ || format > FileJournal.FORMAT) {
            throw new JournalFormatException("the journal " + log + " is in journal format " + format + " ("
                    + (format < FileJournal.FORMAT ? "written by an older" : "written by a newer") + " zim-migrate); this "
                    + "zim-migrate reads format " + FileJournal.FORMAT + " (and " + FileJournal.OLDEST_READ + " to "
                    + (FileJournal.FORMAT - 1) + ", the ones before) only and does not guess at another. Finish that migration with the version that started it, or rebuild the "
                    + "journal from what ZIM holds with --recover");
        }
        verified(line, 1, log);
        return format;
    }


    /** The text of line {@code number}, once its checksum is found to match. */
    static String verified(String line, long number, Path log) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return verified(bytes, bytes.length, number, log);
    }

    /**
     * The text of line {@code number} (its first {@code length} bytes in {@code line}, UTF-8), once its checksum is
     * found to match: checked on the bytes as read, the text decoded once.
     */
    static String verified(byte[] line, int length, long number, Path log) {
        if (length < 9 || line[8] != ' ' || hex(line, 8) != (checksum(number, line, 9, length - 9) & 0xFFFFFFFFL)) {
            throw new JournalDamagedException("line " + number + " of the journal " + log + " is damaged: its checksum "
                    + "does not match its text and place (it was changed, removed or corrupted after it was written). "
                    + "A damaged journal is never trusted, and nothing was sent. " + RECOVER_HINT);
        }
        return new String(line, 9, length - 9, StandardCharsets.UTF_8);
    }

    /**
     * The number the first {@code n} (up to 15) bytes write in lowercase hex, as the checksums are written; -1 when
     * they are not such digits. Read from the bytes, without a string per line (100,000 lines at a resume, P6).
     */
    private static long hex(byte[] b, int n) {
        long value = 0;
        for (int i = 0; i < n; i++) {
            int d = b[i] >= '0' && b[i] <= '9' ? b[i] - '0' : b[i] >= 'a' && b[i] <= 'f' ? b[i] - 'a' + 10 : -1;
            if (d < 0) {
                return -1;
            }
            value = value << 4 | d;
        }
        return value;
    }

    /** CRC-32C of the line's number and its UTF-8 text: a line moved, removed or edited fails it. */
    static int checksum(long number, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return checksum(number, bytes, 0, bytes.length);
    }

    /** {@link #checksum(long, String)} of the text whose UTF-8 bytes are {@code n} bytes of {@code b} from {@code at}. */
    static int checksum(long number, byte[] b, int at, int n) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(ByteBuffer.allocate(8).putLong(0, number));
        crc.update(b, at, n);
        return (int) crc.getValue();
    }


    static List<String> withHeader(List<String> lines) {
        List<String> all = new java.util.ArrayList<>(lines.size() + 1);
        all.add(HEADER_TEXT + FileJournal.FORMAT);
        all.addAll(lines);
        return all;
    }


    /** The lines as written, each behind its checksum; the first is line number {@code first} of the log. */
    static ByteBuffer encode(List<String> lines, long first) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("journal line " + i + " contains a line break");
            }
            // Not String.format: it parses its pattern on every call, two lines per answer (bench/p5-one-timeline.sh).
            all.append(HEX.toHexDigits(checksum(first + i, line))).append(' ').append(line).append('\n');
        }
        try {
            return encoder.encode(CharBuffer.wrap(all));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a journal line is not valid Unicode (unpaired surrogate)", e);
        }
    }

    /**
     * Makes a log of format 2 to 4 one of format 5 before a line of format 5 is added to it: its lines are lines of
     * format 5 already (without numbers or the newer dense lines), so only line 1 changes, rewritten in place at the same length and synced before
     * anything follows it. A crash mid-way leaves the old header or the new one (both are read); a torn sector fails
     * line 1's checksum, and the run says so (--recover rebuilds it), never reads by guesswork. Decided in
     * docs/decisions.md ("The plan's number in journal lines").
     */
    static void upgradeHeader(java.nio.channels.FileChannel out, int format, Path log) throws java.io.IOException {
        ByteBuffer header = encode(List.of(HEADER_TEXT + FileJournal.FORMAT), 1);
        ByteBuffer old = ByteBuffer.allocate(header.remaining());
        while (old.hasRemaining() && out.read(old, old.position()) > 0) {
            // read the old header's bytes
        }
        String was = new String(old.array(), StandardCharsets.UTF_8);
        if (!was.endsWith("\n") || !was.contains(HEADER_TEXT + format)) {
            throw new JournalFormatException("cannot upgrade the journal " + log + " to format " + FileJournal.FORMAT
                    + ": its header is not the expected one. " + RECOVER_HINT);
        }
        long pos = 0;
        while (header.hasRemaining()) {
            pos += out.write(header, pos);
        }
        out.force(false);
    }

    /** A plan is kept only once the log holds its input line: a plan without one means the log was lost. */
    static JournalException planWithoutLog(Path dir, String what) {
        return new JournalException("the journal directory " + dir + " holds a kept plan (" + FilePlanStore.PLAN_FILE
                + ") but " + what + ": the record of what was imported is gone, and starting again would "
                + "import everything a second time. Restore " + FileJournal.LOG_FILE + " from a backup, or rebuild it from "
                + "what ZIM holds by running the same command with --recover");
    }
}

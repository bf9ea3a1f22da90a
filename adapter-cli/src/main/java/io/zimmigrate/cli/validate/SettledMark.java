package io.zimmigrate.cli.validate;

import io.zimmigrate.core.engine.UnsettledReports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * How much of a run's rejects file is settled (issue 15): a line {@code OFFSET<TAB>PATH} in a file next to the
 * journal, replaced atomically. Everything before OFFSET was reported by a run whose journal settles it (its planning
 * was over, it ended, or its journal made the refusals reported so far durable), so no resume reports it again; what
 * a killed run wrote after it may be reported again by the run that resumes it. A mark naming another rejects file, or
 * past the end of this one (emptied by hand), is no mark.
 */
final class SettledMark {
    private final Path file;
    private final Path rejects;
    private boolean exists;
    /** The offset this process last wrote or read: an unchanged one is not written again (every flush may ask). */
    private long known = -1;

    SettledMark(Path file, Path rejects) {
        this.file = file;
        this.rejects = rejects.toAbsolutePath().normalize();
    }

    /** Whether a usable mark for this rejects file was found by {@link #unsettled}. */
    boolean exists() {
        return exists;
    }

    /**
     * The lines after the mark, a torn last line (a kill mid-write) cut off the file first; none without a usable
     * mark.
     */
    UnsettledReports unsettled() throws IOException {
        long offset = read();
        known = offset;
        if (offset < 0 || !Files.exists(rejects) || offset > Files.size(rejects)) {
            return UnsettledReports.none();
        }
        exists = true;
        try (FileChannel ch = FileChannel.open(rejects, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long whole = endOfLastWholeLine(ch, offset);
            if (whole < ch.size()) {
                ch.truncate(whole); // a torn line: its run was killed while writing it
            }
            if (whole == offset) {
                return UnsettledReports.none();
            }
            List<String> lines = new ArrayList<>();
            ch.position(offset);
            BufferedReader r = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                    StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
            return UnsettledReports.of(lines);
        }
    }

    void write(long offset) throws IOException {
        if (offset == known && exists) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, offset + "\t" + rejects + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        exists = true;
        known = offset;
    }

    /** The mark's offset; -1 when there is none for this rejects file. */
    private long read() throws IOException {
        if (!Files.exists(file)) {
            return -1;
        }
        String[] parts = Files.readString(file, StandardCharsets.UTF_8).strip().split("\t", 2);
        try {
            return parts.length == 2 && parts[1].equals(rejects.toString()) ? Long.parseLong(parts[0]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Just after the last newline at or after {@code from}, or {@code from} when there is none. */
    private static long endOfLastWholeLine(FileChannel ch, long from) throws IOException {
        long end = ch.size();
        ByteBuffer b = ByteBuffer.allocate(8192);
        while (end > from) {
            int n = (int) Math.min(b.capacity(), end - from);
            b.clear().limit(n);
            ch.read(b, end - n);
            for (int i = n - 1; i >= 0; i--) {
                if (b.get(i) == '\n') {
                    return end - n + i + 1;
                }
            }
            end -= n;
        }
        return from;
    }
}

package io.zimmigrate.cli.validate;

import io.zimmigrate.cli.UserException;
import io.zimmigrate.core.engine.UnsettledReports;
import io.zimmigrate.core.rules.Rejection;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes rejections to {@code --rejects FILE} as they are found, so the file streams like the input. A run's file
 * ({@link #open} with a mark) writes each line once across kills: the mark (a small file next to the journal) says
 * how much of the file is settled, a run that resumes reads what a killed run wrote after it and does not write those
 * lines again when it reports them again ({@link UnsettledReports}: a delta killed before its journal rewrite compares
 * the same exports again, issue 15), and a torn last line left by a kill is cut off.
 */
public final class RejectsFile implements AutoCloseable {
    private final Path path;
    private final Writer out;
    private final RejectionLines format;
    private final SettledMark mark;
    private final UnsettledReports repeated;
    private final int readBack;

    private RejectsFile(Path path, Writer out, RejectionLines format, SettledMark mark, UnsettledReports repeated) {
        this.path = path;
        this.out = out;
        this.format = format;
        this.mark = mark;
        this.repeated = repeated;
        this.readBack = repeated.unmatched();
    }

    /** Creates (or empties) {@code path}; refuses to overwrite one of the inputs. */
    public static RejectsFile create(Path path, List<Path> inputs, RejectionLines format) {
        return open(path, inputs, format, false, null);
    }

    /**
     * Like {@link #create}, but keeps what {@code path} holds when {@code append} (a resumed run adds to it); with
     * {@code markFile} (null: none), how much of it is settled is kept there ({@link #settle}) and the lines a killed
     * run wrote after that are not written again.
     */
    public static RejectsFile open(Path path, List<Path> inputs, RejectionLines format, boolean append,
                                   Path markFile) {
        for (Path input : inputs) {
            if (sameFile(path, input)) {
                throw new UserException("--rejects " + path + " is one of the input files; choose another file");
            }
        }
        try {
            SettledMark mark = markFile == null ? null : new SettledMark(markFile, path);
            UnsettledReports repeated = append && mark != null ? mark.unsettled() : UnsettledReports.none();
            Writer writer = append
                    ? Files.newBufferedWriter(path, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.APPEND)
                    : Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            if (mark != null && (!append || !mark.exists())) {
                mark.write(Files.size(path)); // new, or written before marks: nothing of it is repeated
            }
            return new RejectsFile(path, writer, format, mark, repeated);
        } catch (IOException e) {
            throw new UserException("cannot write rejects file " + path + ": " + reason(e), e);
        }
    }

    /**
     * How many lines this run read back when it opened the file: what a killed run wrote after the settled mark, held
     * in memory while this run goes (none after a clean end).
     */
    public int linesReadBack() {
        return readBack;
    }

    public void write(Rejection r) {
        try {
            for (String line : format.lines(r)) {
                if (repeated.alreadyWritten(line)) {
                    continue; // a killed run wrote it, and its resume reports it again: once is enough
                }
                out.write(line);
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UserException("cannot write rejects file " + path + ": " + reason(e), e);
        }
    }

    /**
     * Flushes and marks what the file holds as settled: the run's journal settles every rejection reported so far
     * (its planning is over, it ended, or its journal made the refusals reported so far durable), so no resume
     * reports them again.
     */
    public void settle() {
        flush();
        if (mark != null) {
            try {
                mark.write(Files.size(path));
            } catch (IOException e) {
                throw new UserException("cannot write rejects file " + path + ": " + reason(e), e);
            }
        }
    }

    /** Makes every rejection written so far reach the file (a kill after this loses none of them). */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UserException("cannot write rejects file " + path + ": " + reason(e), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UserException("cannot finish rejects file " + path + ": " + reason(e), e);
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) ? Files.isSameFile(a, b)
                    : a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        } catch (IOException e) {
            return false;
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "its directory does not exist";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

package io.zimmigrate.cli.validate;

import io.zimmigrate.cli.UserException;
import io.zimmigrate.core.rules.Rejection;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes rejections to {@code --rejects FILE} as they are found, so the file streams like the input. */
public final class RejectsFile implements AutoCloseable {
    private final Path path;
    private final Writer out;
    private final RejectionLines format;

    private RejectsFile(Path path, Writer out, RejectionLines format) {
        this.path = path;
        this.out = out;
        this.format = format;
    }

    /** Creates (or empties) {@code path}; refuses to overwrite one of the inputs. */
    public static RejectsFile create(Path path, List<Path> inputs, RejectionLines format) {
        return open(path, inputs, format, false);
    }

    /** Like {@link #create}, but keeps what {@code path} holds when {@code append} (a resumed run adds to it). */
    public static RejectsFile open(Path path, List<Path> inputs, RejectionLines format, boolean append) {
        for (Path input : inputs) {
            if (sameFile(path, input)) {
                throw new UserException("--rejects " + path + " is one of the input files; choose another file");
            }
        }
        try {
            Writer writer = append
                    ? Files.newBufferedWriter(path, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.APPEND)
                    : Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            return new RejectsFile(path, writer, format);
        } catch (IOException e) {
            throw new UserException("cannot write rejects file " + path + ": " + reason(e), e);
        }
    }

    public void write(Rejection r) {
        try {
            for (String line : format.lines(r)) {
                out.write(line);
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UserException("cannot write rejects file " + path + ": " + reason(e), e);
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

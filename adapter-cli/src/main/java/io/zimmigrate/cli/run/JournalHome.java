package io.zimmigrate.cli.run;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.zimmigrate.cli.CliEnvironment;
import io.zimmigrate.cli.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a real migration keeps its journal when {@code --journal} is not given: one place per app, endpoint and
 * input content, whatever the current directory or the input file's name, so the same command run from anywhere
 * resumes the same journal instead of importing the history a second time. The root is the user's state
 * directory ({@code $XDG_STATE_HOME/zim-migrate}, else {@code $HOME/.local/state/zim-migrate}), read from the
 * command's environment, never from the JVM's, so tests choose it.
 */
public final class JournalHome {
    static final String APP_DIR = "zim-migrate";

    private JournalHome() {}

    /** The state directory of zim-migrate for {@code env}. */
    static Path root(CliEnvironment env) {
        return env.variable("XDG_STATE_HOME").filter(v -> !v.isBlank() && Path.of(v).isAbsolute())
                .map(v -> Path.of(v).resolve(APP_DIR))
                .or(() -> env.variable("HOME").filter(v -> !v.isBlank())
                        .map(v -> Path.of(v).resolve(".local/state").resolve(APP_DIR)))
                .orElseThrow(() -> new UserException("neither XDG_STATE_HOME nor HOME is set, so there is no default "
                        + "place for the journal: give one with --journal DIR"))
                .toAbsolutePath().normalize();
    }

    /**
     * The journal directory of {@code input} imported into {@code target} (AppId and endpoint, as
     * {@link io.zimmigrate.cli.connect.ConnectionOptions#target()} says), under {@link #root}.
     */
    public static Path journalFor(CliEnvironment env, String target, Path input) {
        // Not the file's name or place: a copy, a rename or another working directory is the same history.
        return root(env).resolve("journals").resolve(safe(target)).resolve("input-" + contentFingerprint(input));
    }

    /**
     * Where the media ledger of {@code input} copied to {@code mediaTo} lives when no {@code --journal} is given,
     * the same for {@code media} and {@code run} (rehearsal or real), so a copy pass first and the run after share
     * one ledger. Per store as well as per input: an object recorded as stored in one store is not in another.
     */
    public static Path mediaLedgerFor(CliEnvironment env, String mediaTo, Path input) {
        return root(env).resolve("media").resolve(safe(mediaTo)).resolve("input-" + contentFingerprint(input));
    }

    /** A file name made only of letters, digits, '.', '-' and '_' (and no leading dot). */
    static String safe(String s) {
        String cleaned = s.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.startsWith(".") ? "_" + cleaned.substring(1) : cleaned;
    }

    /**
     * A fingerprint of what the input holds (64 bits of MurmurHash3 as hex): the bytes of a file, or of every
     * file of a directory (an unpacked export) with its relative path, in name order. Not the journal's input
     * fingerprint (which needs a planning pass): this one only has to pick the directory before anything is read.
     */
    static String contentFingerprint(Path input) {
        Hasher h = Hashing.murmur3_128().newHasher();
        try {
            if (Files.isDirectory(input)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(input)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : files) {
                    h.putUnencodedChars(input.relativize(f).toString()).putByte((byte) 0);
                    hashFile(f, h);
                }
            } else {
                hashFile(input, h);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new UserException("cannot read " + input + " to find its journal: " + e.getMessage());
        }
        return Long.toHexString(h.hash().asLong());
    }

    private static void hashFile(Path f, Hasher h) throws IOException {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        try (InputStream in = Files.newInputStream(f)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                h.putBytes(buf, 0, n);
                total += n;
            }
        }
        h.putLong(total);
    }
}

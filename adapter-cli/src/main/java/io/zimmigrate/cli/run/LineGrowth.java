package io.zimmigrate.cli.run;

import io.zimmigrate.cli.UserException;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.files.jsonl.JsonlFollowMemory;
import io.zimmigrate.files.jsonl.JsonlSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongFunction;

/**
 * A JSON Lines file that is appended to: what is complete is every line up to the last newline; a line without
 * its newline yet is left for a later look. The file must only grow.
 */
final class LineGrowth implements Growth {
    private final String name;
    private final Path path;
    private final LongFunction<MessageSource> upTo;
    private long complete = -1;
    private long partial;

    /** @param upTo the input read only up to a byte (a source of the same format) */
    LineGrowth(String name, Path path, LongFunction<MessageSource> upTo) {
        this.name = name;
        this.path = path;
        this.upTo = upTo;
    }

    /** A followed JSON Lines file: each read remembers the last, so a growth hashes only the appended bytes. */
    static LineGrowth of(JsonlSource source) {
        JsonlFollowMemory memory = new JsonlFollowMemory();
        return new LineGrowth(source.name(), source.path(), bytes -> source.upTo(bytes, memory));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Snapshot look() {
        long now;
        try {
            now = JsonlSource.completeLength(path);
            partial = Math.max(0, Files.size(path) - now);
        } catch (IOException e) {
            throw new UserException(name + ": cannot be read while following it: " + e.getMessage());
        }
        if (now < complete) {
            // Truncated or replaced: the lines already imported are no longer where they were read.
            throw new UserException(name + ": shrank from " + complete + " to " + now + " bytes of complete lines "
                    + "while followed; a followed file must only grow. Everything imported is journaled: run the "
                    + "same command again to compare the file as it is now (a delta run)");
        }
        complete = now;
        return now == 0 ? null : new Lines(now);
    }

    @Override
    public boolean settling() {
        return false; // a line is complete the moment its newline is written
    }

    @Override
    public String unfinished() {
        return partial > 0 ? partial + " bytes of a line without its newline yet, read once complete" : "";
    }

    /** The file's first {@code bytes} bytes: complete lines. */
    private final class Lines implements Snapshot {
        private final long bytes;

        Lines(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public MessageSource source() {
            return upTo.apply(bytes);
        }

        @Override
        public String since(Snapshot before) {
            return "up to byte " + bytes + (before instanceof Lines b ? " (" + (bytes - b.bytes) + " bytes appended)" : "");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Lines l && l.bytes == bytes;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(bytes);
        }
    }
}

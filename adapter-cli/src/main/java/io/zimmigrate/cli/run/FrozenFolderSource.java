package io.zimmigrate.cli.run;

import io.zimmigrate.core.idmap.IdMapping;
import io.zimmigrate.core.idmap.MappedIds;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.SourceException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A folder source read as one snapshot of its files: a pass that ends, or fails, while one of those files no longer
 * has the size and modification time it had at the look is thrown away ({@link Growth.Moved}), so what is planned
 * is exactly the snapshot its {@link #identity()} names. The source is made (and its up-front files read) on first
 * use.
 */
final class FrozenFolderSource implements MessageSource, MappedIds {
    private final String name;
    private final Path root;
    private final FolderFiles files;
    private final String kind;
    private final Supplier<MessageSource> make;
    private MessageSource inner;

    FrozenFolderSource(String name, Path root, FolderFiles files, String kind, Supplier<MessageSource> make) {
        this.name = name;
        this.root = root;
        this.files = files;
        this.kind = kind;
        this.make = make;
    }

    @Override
    public String name() {
        return name;
    }

    /** The folder and every file of the snapshot with its size and modification time. */
    @Override
    public Optional<String> identity() {
        return Optional.of(kind + "-folder|" + root.toAbsolutePath().normalize() + files.identity());
    }

    @Override
    public RecordStream open() {
        MessageSource source = inner();
        RecordStream records;
        try {
            records = source.open();
        } catch (SourceException e) {
            throw movedOr(e);
        }
        return new RecordStream() {
            @Override
            public boolean hasNext() {
                boolean more;
                try {
                    more = records.hasNext();
                } catch (SourceException e) {
                    throw movedOr(e);
                }
                if (!more) {
                    checkUnchanged(); // a file rewritten while it was read may have been read half old, half new
                }
                return more;
            }

            @Override
            public SourceRecord next() {
                try {
                    return records.next();
                } catch (SourceException e) {
                    throw movedOr(e);
                }
            }

            @Override
            public void close() {
                records.close();
            }
        };
    }

    @Override
    public List<IdMapping> idMappings() {
        return inner() instanceof MappedIds m ? m.idMappings() : List.of();
    }

    @Override
    public boolean idMappingsComplete() {
        return !(inner() instanceof MappedIds m) || m.idMappingsComplete();
    }

    private synchronized MessageSource inner() {
        if (inner == null) {
            try {
                inner = make.get();
            } catch (SourceException e) {
                throw movedOr(e);
            }
        }
        return inner;
    }

    private void checkUnchanged() {
        String changed = files.firstChanged(root);
        if (changed != null) {
            throw new Growth.Moved(root.resolve(changed) + " changed while it was read");
        }
    }

    /** A file that cannot be read because it is being rewritten is no error of the input: the next look reads it. */
    private RuntimeException movedOr(SourceException e) {
        String changed = files.firstChanged(root);
        return changed == null ? e : new Growth.Moved(root.resolve(changed) + " changed while it was read");
    }

    @Override
    public String toString() {
        return "FrozenFolderSource[" + name + "]";
    }
}

package io.zimmigrate.files.journal;

import io.zimmigrate.core.port.PlanStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link PlanStore} kept in a journal directory, as {@value #PLAN_FILE}, in the {@link PlanFileFormat} (a file
 * of another format is refused naming it): the plan's header, every message behind its CRC-32C, the footer, and the
 * offset of every {@value #CHECKPOINT}th message, so a resume seeks to where it starts instead of reading through a
 * million messages. Use it while the directory's {@link FileJournal} is open: the journal's lock keeps other runs
 * out of this file too.
 *
 * <p>Replacing it writes {@value #TEMP_FILE}, syncs it, renames it over {@value #PLAN_FILE} atomically and syncs the
 * directory, so a crash leaves the old plan or the new one; a left-over temporary file is ignored and overwritten.
 * A plan file that is truncated or whose header fails its checksum is treated as absent (the run plans again); a
 * message that fails its checksum while a run reads it stops that run with a message that says to delete the file.
 * Deleting {@value #PLAN_FILE} is always safe: the next run plans the input in full and keeps a new one.
 *
 * <p>A growth ({@code run --follow}) appends its messages as a part instead of rewriting the plan: see
 * {@link PlanParts} for the head that names the parts and its crash rules.
 */
public final class FilePlanStore implements PlanStore {
    public static final String PLAN_FILE = "plan.bin";
    static final String TEMP_FILE = "plan.bin.tmp";
    /** The file's format ({@link PlanFileFormat}). */
    public static final int FORMAT = PlanFileFormat.FORMAT;
    static final int CHECKPOINT = PlanFileFormat.CHECKPOINT;
    private static final int BUFFER = 1 << 16;

    /** The pending generation (issue 15): a plan kept before the journal names it, renamed over the plan after. */
    public static final String PENDING_FILE = "plan.next.bin";

    private final Path dir;
    private final Path file;
    private final Path temp;
    /** This generation's head ({@link PlanParts}): the plan grown by parts, when there is one. */
    private final Path head;
    private final boolean generation;

    private FilePlanStore(Path dir) {
        this(dir, PLAN_FILE, TEMP_FILE, PlanParts.HEAD_FILE, false);
    }

    private FilePlanStore(Path dir, String name, String tempName, String headName, boolean generation) {
        this.dir = dir;
        this.file = dir.resolve(name);
        this.temp = dir.resolve(tempName);
        this.head = dir.resolve(headName);
        this.generation = generation;
    }

    /** The plan store of the journal directory {@code dir} (which must exist). */
    public static FilePlanStore in(Path dir) {
        return new FilePlanStore(dir.toAbsolutePath().normalize());
    }

    public Path file() {
        return file;
    }

    /**
     * The plan this generation keeps: its head over {@value #PLAN_FILE} and the parts it names, when its head extends
     * that file; otherwise its own whole plan file.
     */
    @Override
    public Optional<Stored> find() {
        try {
            Optional<PlanParts.Head> grown = PlanParts.head(head);
            if (grown.isPresent()) {
                Optional<PlanParts.Base> base = PlanParts.base(dir.resolve(PLAN_FILE));
                if (base.isPresent() && base.get().id().equals(grown.get().base())) {
                    return Optional.of(stored(head, grown.get().layout(), PlanParts.read(dir, base.get(), grown.get())));
                }
                if (generation) {
                    return Optional.empty(); // a pending head over a plan replaced since: nothing pending
                }
            }
            Optional<PlanParts.Base> whole = PlanParts.base(file);
            return whole.map(b -> stored(file, b.layout(),
                    List.of(new Part(new PlanFileRun(file, b.layout()), b.layout().footer()))));
        } catch (IOException e) {
            throw new JournalException("cannot read the kept plan " + file + ": " + e.getMessage(), e);
        }
    }

    /** A kept plan whose header is in {@code headerFile} and whose messages are {@code parts}. */
    private Stored stored(Path headerFile, PlanFileFormat.Layout layout, List<Part> parts) {
        return new Stored() {
            @Override
            public byte[] header() {
                try (InputStream in = headerStream()) {
                    return in.readAllBytes();
                } catch (IOException e) {
                    throw new JournalException("cannot read the kept plan " + headerFile + ": " + e.getMessage(), e);
                }
            }

            /**
             * The header straight from the file, checked against its CRC as it ends: never in memory whole (a hundred
             * MB with millions of timelines, issue #13). A file replaced since {@code find} fails the check.
             */
            @Override
            public InputStream headerStream() throws IOException {
                FileChannel ch = FileChannel.open(headerFile, StandardOpenOption.READ);
                ch.position(layout.headerFrom());
                InputStream bounded = new BufferedInputStream(Channels.newInputStream(ch), BUFFER);
                return new CheckedHeader(bounded, layout.headerLength(), layout.headerCrc());
            }

            @Override
            public byte[] footer() {
                return parts.get(0).footer().clone();
            }

            @Override
            public io.zimmigrate.core.port.ScratchSpace.Run messages() {
                return parts.get(0).messages();
            }

            @Override
            public List<Part> parts() {
                return parts;
            }
        };
    }

    @Override
    public Draft draft(byte[] header) {
        return draft(header.length, out -> out.write(header));
    }

    /**
     * The header goes to the file as it is made, behind its length and before its CRC-32C (issue 15). Once renamed
     * in, a head over the plan this replaces is stale: the pending one is deleted first (a generation holds one form),
     * the kept one after (it no longer matches {@value #PLAN_FILE}, so it is ignored until then).
     */
    @Override
    public Draft draft(long length, HeaderWriter header) {
        PlanFileWriter writer = new PlanFileWriter(temp, length, header);
        return new Draft() {
            private boolean done;

            @Override
            public void write(byte[] record) {
                writer.write(record);
            }

            @Override
            public void commit(byte[] footer) {
                writer.finish(footer);
                done = true;
                try {
                    if (generation) {
                        Files.deleteIfExists(head);
                    }
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    Files.deleteIfExists(head);
                    dropParts();
                    DirectorySync.force(dir);
                } catch (IOException e) {
                    throw new JournalException("cannot keep the plan in " + file + ": " + e.getMessage(), e);
                }
            }

            @Override
            public void close() {
                if (!done) {
                    writer.abandon();
                    done = true;
                }
            }
        };
    }

    /**
     * A part appended to the kept plan ({@value #PLAN_FILE} and the parts its head names): the part's file is
     * written and made durable, then the head naming it too ({@value PlanParts#HEAD_FILE}, or
     * {@value PlanParts#PENDING_HEAD} for {@code pending}) replaces the old one atomically.
     */
    @Override
    public Optional<Draft> extend(long length, HeaderWriter header, boolean pending) {
        if (generation) {
            return Optional.empty(); // asked of the kept generation, with pending true
        }
        Optional<PlanParts.Base> base;
        List<PlanParts.Named> named = new ArrayList<>();
        int number;
        try {
            base = PlanParts.base(file);
            if (base.isEmpty()) {
                return Optional.empty();
            }
            PlanParts.head(head).filter(h -> h.base().equals(base.get().id())).ifPresent(h -> named.addAll(h.parts()));
            List<PlanParts.Named> all = new ArrayList<>(named);
            PlanParts.head(dir.resolve(PlanParts.PENDING_HEAD)).ifPresent(h -> all.addAll(h.parts()));
            number = PlanParts.nextNumber(dir, all);
        } catch (IOException e) {
            throw new JournalException("cannot read the kept plan " + file + ": " + e.getMessage(), e);
        }
        Path target = pending ? dir.resolve(PlanParts.PENDING_HEAD) : head;
        String name = PlanParts.partName(number);
        PlanFileWriter part = new PlanFileWriter(dir.resolve(name), 0, out -> {});
        return Optional.of(new Draft() {
            private boolean done;

            @Override
            public void write(byte[] record) {
                part.write(record);
            }

            @Override
            public void commit(byte[] footer) {
                part.finish(footer);
                done = true;
                named.add(new PlanParts.Named(name, part.count(), PlanFileFormat.crc(footer, 0, footer.length)));
                Path headTemp = dir.resolve(target.getFileName() + ".tmp");
                PlanFileWriter next = new PlanFileWriter(headTemp, length, header);
                next.finish(PlanParts.encode(base.get().id(), named));
                try {
                    DirectorySync.force(dir); // the part's name first: a head never names a part a crash can lose
                    if (pending) {
                        Files.deleteIfExists(dir.resolve(PENDING_FILE));
                    }
                    Files.move(headTemp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    DirectorySync.force(dir);
                } catch (IOException e) {
                    throw new JournalException("cannot keep the plan in " + target + ": " + e.getMessage(), e);
                }
            }

            @Override
            public void close() {
                if (!done) {
                    part.abandon();
                    done = true;
                }
            }
        });
    }

    @Override
    public void discard() {
        try {
            boolean deleted = Files.deleteIfExists(head);
            if (Files.deleteIfExists(file) || deleted) {
                DirectorySync.force(dir);
            }
        } catch (IOException e) {
            throw new JournalException("cannot delete the kept plan " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@value #PENDING_FILE} in the same directory, written the same way; its own pending generation is none. */
    @Override
    public Optional<PlanStore> pending() {
        return generation ? Optional.empty()
                : Optional.of(new FilePlanStore(dir, PENDING_FILE, PENDING_FILE + ".tmp", PlanParts.PENDING_HEAD, true));
    }

    /**
     * Renames the pending head over the kept one, or {@value #PENDING_FILE} over {@value #PLAN_FILE} (then deletes the
     * kept head, stale), atomically, then syncs the directory.
     */
    @Override
    public void promotePending() {
        if (generation) {
            return;
        }
        Path nextHead = dir.resolve(PlanParts.PENDING_HEAD);
        Path next = dir.resolve(PENDING_FILE);
        try {
            if (Files.exists(nextHead)) {
                Files.move(nextHead, head, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Files.deleteIfExists(head);
                dropParts();
            }
            DirectorySync.force(dir);
        } catch (NoSuchFileException e) {
            // none pending
        } catch (IOException e) {
            throw new JournalException("cannot keep the plan " + next + " as " + file + ": " + e.getMessage(), e);
        }
    }

    /** Once {@value #PLAN_FILE} was replaced whole: its parts are stale (left by a crash here, {@link #tidy} drops them). */
    private void dropParts() {
        if (generation) {
            return; // the kept plan's head still names them
        }
        try {
            PlanParts.dropAllBut(dir, Set.of());
        } catch (IOException e) {
            // dropped at the next start
        }
    }

    /**
     * At start: drops the part files neither head names (a growth that crashed before its head was replaced) and a
     * head over a plan file replaced since. Nothing when the plan file cannot be read (left for the run to report).
     */
    @Override
    public void tidy() {
        if (generation) {
            return;
        }
        try {
            Optional<PlanParts.Base> base = PlanParts.base(file);
            Set<String> named = new HashSet<>();
            boolean dropped = false;
            for (Path h : new Path[] {head, dir.resolve(PlanParts.PENDING_HEAD)}) {
                Optional<PlanParts.Head> found = PlanParts.head(h);
                if (found.isPresent() && base.isPresent() && found.get().base().equals(base.get().id())) {
                    named.addAll(PlanParts.names(found.get()));
                } else {
                    dropped |= Files.deleteIfExists(h);
                }
            }
            if (PlanParts.dropAllBut(dir, named) || dropped) {
                DirectorySync.force(dir);
            }
        } catch (IOException | JournalException e) {
            // an unreadable plan is reported when the run reads it; nothing is dropped meanwhile
        }
    }
}

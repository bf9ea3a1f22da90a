package io.zimmigrate.files.journal;

import io.zimmigrate.core.port.PlanStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A kept plan grown by appended parts (issue 15, {@code run --follow}): {@value FilePlanStore#PLAN_FILE} stays as it
 * was kept whole (its header is then stale), each growth's messages are one part file {@code plan.part.<n>.bin}
 * (a plan file with an empty header), and a small head, {@value #HEAD_FILE}, holds the plan's current header and, as
 * its footer, which {@value FilePlanStore#PLAN_FILE} it extends (its size, count and checksums) and the parts in
 * order (name, message count, footer CRC). The head is replaced atomically after its new part is durable, so it
 * never names a part that is not whole; a part no head names is dropped at start ({@link FilePlanStore#tidy()}); a
 * head naming a missing or different part is refused with one line; a head of another
 * {@value FilePlanStore#PLAN_FILE} (it was kept whole since) is ignored. The pending generation's head is
 * {@value #PENDING_HEAD}.
 */
final class PlanParts {
    static final String HEAD_FILE = "plan.head";
    static final String PENDING_HEAD = "plan.next.head";
    static final String PART_PREFIX = "plan.part.";
    private static final String PART_SUFFIX = ".bin";
    private static final int MAGIC = 0x5A4D5052; // "ZMPR": the parts list

    private PlanParts() {}

    /** Which whole plan file a head extends: it is ignored when that file was replaced since. */
    record BaseId(long size, int headerCrc, int footerCrc, long count) {}

    /** A whole plan file and its layout. */
    record Base(Path file, PlanFileFormat.Layout layout, BaseId id) {}

    /** One appended part, as its head names it. */
    record Named(String name, long count, int footerCrc) {}

    /** A head: its layout (the plan's header) and what it names. */
    record Head(Path file, PlanFileFormat.Layout layout, BaseId base, List<Named> parts) {}

    static String partName(int number) {
        return PART_PREFIX + number + PART_SUFFIX;
    }

    /** The whole plan file's layout, or empty when it is absent or unreadable as a whole plan. */
    static Optional<Base> base(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Optional<PlanFileFormat.Layout> layout = PlanFileFormat.read(ch, file);
            if (layout.isEmpty()) {
                return Optional.empty();
            }
            PlanFileFormat.Layout l = layout.get();
            return Optional.of(new Base(file, l, new BaseId(ch.size(), l.headerCrc(),
                    PlanFileFormat.crc(l.footer(), 0, l.footer().length), l.count())));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The head in {@code file}, or empty when there is none or it is not whole. */
    static Optional<Head> head(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Optional<PlanFileFormat.Layout> layout = PlanFileFormat.read(ch, file);
            if (layout.isEmpty() || layout.get().count() != 0) {
                return Optional.empty();
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(layout.get().footer()));
            if (in.readInt() != MAGIC) {
                return Optional.empty();
            }
            BaseId base = new BaseId(in.readLong(), in.readInt(), in.readInt(), in.readLong());
            List<Named> parts = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                parts.add(new Named(in.readUTF(), in.readLong(), in.readInt()));
            }
            return Optional.of(new Head(file, layout.get(), base, List.copyOf(parts)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The head's footer: the base it extends and its parts. */
    static byte[] encode(BaseId base, List<Named> parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeLong(base.size());
            out.writeInt(base.headerCrc());
            out.writeInt(base.footerCrc());
            out.writeLong(base.count());
            out.writeInt(parts.size());
            for (Named p : parts) {
                out.writeUTF(p.name());
                out.writeLong(p.count());
                out.writeInt(p.footerCrc());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The parts a head names, each checked against what the head says of it; refused with one line otherwise. */
    static List<PlanStore.Part> read(Path dir, Base base, Head head) throws IOException {
        List<PlanStore.Part> parts = new ArrayList<>(head.parts().size() + 1);
        parts.add(new PlanStore.Part(new PlanFileRun(base.file(), base.layout()), base.layout().footer()));
        for (Named named : head.parts()) {
            Path file = dir.resolve(named.name());
            Optional<PlanFileFormat.Layout> layout;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                layout = PlanFileFormat.read(ch, file);
            } catch (NoSuchFileException e) {
                throw refused(head, named, "which is missing");
            }
            if (layout.isEmpty() || layout.get().count() != named.count()
                    || PlanFileFormat.crc(layout.get().footer(), 0, layout.get().footer().length) != named.footerCrc()) {
                throw refused(head, named, "which is damaged or not the part it names");
            }
            parts.add(new PlanStore.Part(new PlanFileRun(file, layout.get()), layout.get().footer()));
        }
        return parts;
    }

    private static JournalException refused(Head head, Named named, String why) {
        return new JournalException("the kept plan " + head.file() + " names its part " + named.name() + ", " + why
                + "; delete " + head.file().getFileName() + " and " + FilePlanStore.PLAN_FILE + " in "
                + head.file().getParent() + " and run the same command again: the input is then planned again");
    }

    /** A number no part file in {@code dir} and no head's part uses yet. */
    static int nextNumber(Path dir, List<Named> named) throws IOException {
        int max = 0;
        for (Named n : named) {
            max = Math.max(max, numberOf(n.name()));
        }
        for (Path p : parts(dir)) {
            max = Math.max(max, numberOf(p.getFileName().toString()));
        }
        return max + 1;
    }

    /** Deletes the part files none of {@code keep} is named by; returns whether it deleted any. */
    static boolean dropAllBut(Path dir, Set<String> keep) throws IOException {
        boolean dropped = false;
        for (Path p : parts(dir)) {
            if (!keep.contains(p.getFileName().toString())) {
                dropped |= Files.deleteIfExists(p);
            }
        }
        return dropped;
    }

    static Set<String> names(Head head) {
        Set<String> names = new HashSet<>();
        head.parts().forEach(n -> names.add(n.name()));
        return names;
    }

    private static List<Path> parts(Path dir) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, PART_PREFIX + "*" + PART_SUFFIX)) {
            s.forEach(found::add);
        }
        return found;
    }

    private static int numberOf(String name) {
        try {
            return Integer.parseInt(name.substring(PART_PREFIX.length(), name.length() - PART_SUFFIX.length()));
        } catch (RuntimeException e) {
            return 0;
        }
    }
}

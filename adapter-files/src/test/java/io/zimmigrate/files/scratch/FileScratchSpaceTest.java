package io.zimmigrate.files.scratch;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.port.ScratchSpace;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileScratchSpaceTest {

    @Test
    void runsReadBackInOrderAndAreDeletedOnClose(@TempDir Path tmp) {
        FileScratchSpace space = FileScratchSpace.in(tmp);
        ScratchSpace.RunWriter w = space.newRun();
        for (int i = 0; i < 1000; i++) {
            w.write(("record " + i).getBytes());
        }
        w.write(new byte[0]);
        ScratchSpace.Run run = w.finish();
        assertThat(run.size()).isEqualTo(1001);
        for (int pass = 0; pass < 2; pass++) {
            List<String> back = new ArrayList<>();
            try (ScratchSpace.RunReader r = run.read()) {
                r.forEachRemaining(b -> back.add(new String(b)));
            }
            assertThat(back).hasSize(1001).startsWith("record 0", "record 1").endsWith("record 999", "");
        }
        space.close();
        assertThat(tmp.toFile().list()).isEmpty();
        assertThat(Files.exists(tmp)).isTrue();
    }

    /** A plan's group members: one record per group, read in another order than written (issue #13). */
    @Test
    void aSeekableRunIsReadFromAnyRecord(@TempDir Path tmp) {
        try (FileScratchSpace space = FileScratchSpace.in(tmp)) {
            ScratchSpace.RunWriter w = space.newSeekableRun();
            for (int i = 0; i < 300; i++) {
                w.write(i % 10 == 0 ? new byte[0] : ("record " + i).repeat(1 + i % 50).getBytes());
            }
            ScratchSpace.Run run = w.finish();
            for (int from : new int[] {299, 0, 157, 10, 1, 157}) {
                try (ScratchSpace.RunReader r = run.read(from)) {
                    assertThat(new String(r.next()))
                            .isEqualTo(from % 10 == 0 ? "" : ("record " + from).repeat(1 + from % 50));
                    int left = 0;
                    while (r.hasNext()) {
                        r.next();
                        left++;
                    }
                    assertThat(left).isEqualTo(299 - from);
                }
            }
            try (ScratchSpace.RunReader r = run.read(300)) {
                assertThat(r.hasNext()).isFalse();
            }
            ScratchSpace.RunWriter plain = space.newRun(); // an ordinary run reads through to the record
            plain.write("a".getBytes());
            plain.write("b".getBytes());
            try (ScratchSpace.RunReader r = plain.finish().read(1)) {
                assertThat(new String(r.next())).isEqualTo("b");
            }
        }
    }

    @Test
    void aFolderNamedForThisProcessHoldsItsLockedOwnerFile(@TempDir Path tmp) throws Exception {
        try (FileScratchSpace space = FileScratchSpace.in(tmp)) {
            assertThat(space.directory().getFileName().toString())
                    .startsWith("zim-migrate-sort-" + ProcessHandle.current().pid() + "-");
            assertThat(space.directory().resolve("owner.lock")).exists();
            assertThat(space.directory().resolve("owner.lock.new")).doesNotExist();
        }
    }

    @Test
    void theNextSpaceRemovesAFolderWhoseOwnerIsGone(@TempDir Path tmp) throws Exception {
        // What a SIGKILL leaves: the folder, its runs, and an owner file nobody locks any more.
        Path left = Files.createDirectory(tmp.resolve("zim-migrate-sort-999999-12345"));
        Files.writeString(left.resolve("run-0.bin"), "sorted records");
        Files.createFile(left.resolve("owner.lock"));

        try (FileScratchSpace space = FileScratchSpace.in(tmp)) {
            assertThat(left).doesNotExist();
            assertThat(space.directory()).exists();
        }
        assertThat(tmp.toFile().list()).isEmpty();
    }

    @Test
    void aFolderWhoseOwnerLockIsHeldIsKept(@TempDir Path tmp) throws Exception {
        try (FileScratchSpace first = FileScratchSpace.in(tmp); FileScratchSpace second = FileScratchSpace.in(tmp)) {
            assertThat(first.directory()).exists();
            assertThat(second.directory()).exists().isNotEqualTo(first.directory());
        }
        // A lock held outside this space object (as another process would hold it) keeps the folder too.
        Path other = Files.createDirectory(tmp.resolve("zim-migrate-sort-999998-1"));
        try (FileChannel held = FileChannel.open(other.resolve("owner.lock"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            held.lock();
            FileScratchSpace.in(tmp).close();
            assertThat(other.resolve("owner.lock")).exists();
        }
    }

    @Test
    void aFolderWithoutItsLockFileIsRemovedOnlyOnceItIsOld(@TempDir Path tmp) throws Exception {
        Path young = Files.createDirectory(tmp.resolve("zim-migrate-sort-999997-1"));
        Path old = Files.createDirectory(tmp.resolve("zim-migrate-sort-999997-2"));
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(3600)));
        Path notOurs = Files.createDirectory(tmp.resolve("zim-migrate-sort-notes"));
        Files.setLastModifiedTime(notOurs, FileTime.from(Instant.now().minusSeconds(3600)));

        FileScratchSpace.in(tmp).close();

        assertThat(young).exists();
        assertThat(old).doesNotExist();
        assertThat(notOurs).exists();
    }
}

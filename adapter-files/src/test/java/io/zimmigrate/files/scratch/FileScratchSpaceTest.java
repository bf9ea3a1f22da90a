package io.zimmigrate.files.scratch;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.port.ScratchSpace;
import java.nio.file.Files;
import java.nio.file.Path;
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
}

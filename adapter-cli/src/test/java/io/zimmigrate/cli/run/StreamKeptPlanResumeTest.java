package io.zimmigrate.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.CliEnvironment;
import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.cli.ZimMigrate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Stream source has an identity although it maps IDs: a resume reuses the kept plan without reading the
 * export, and {@code --id-map} still lists every mapping, the same as the first run's.
 */
class StreamKeptPlanResumeTest {
    private static final Path EXAMPLE = Path.of("").toAbsolutePath().getParent().resolve("docs/examples/stream-export-v1.json");

    @TempDir
    Path dir;

    private String[] run(Path input, Path journal, Path idMap) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ZimMigrate.run(new CliEnvironment(Map.of(), Clock.systemUTC()), new PrintWriter(out), new PrintWriter(err),
                "run", input.toString(), "--now", "2024-11-20T12:00:00Z", "--journal", journal.toString(),
                "--progress", "lines", "--id-map", idMap.toString());
        return new String[] {String.valueOf(exit), out.toString(), err.toString()};
    }

    @Test
    void aResumeReusesTheKeptPlanAndStillWritesTheWholeIdMap() throws Exception {
        Path input = dir.resolve("export.json");
        Files.copy(EXAMPLE, input);
        Path journal = dir.resolve("journal");

        String[] first = run(input, journal, dir.resolve("first.csv"));
        assertThat(Integer.parseInt(first[0])).as(first[2]).isEqualTo(ExitCodes.REJECTED);
        assertThat(first[1]).contains("imported:           17");
        assertThat(first[2]).doesNotContain("resuming with the plan kept");

        String[] again = run(input, journal, dir.resolve("again.csv"));
        assertThat(again[2]).contains("resuming with the plan kept in the journal");
        assertThat(again[1]).contains("already done:       17").contains("imported:           0");
        assertThat(Files.readString(dir.resolve("again.csv"))).isEqualTo(Files.readString(dir.resolve("first.csv")))
                .contains("group,\"livestream:launch-event-2024-keynote-and-questions\",\"livestream:launch-e~");
    }
}

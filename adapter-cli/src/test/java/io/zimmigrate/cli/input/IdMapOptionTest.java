package io.zimmigrate.cli.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import io.zimmigrate.core.idmap.IdKind;
import io.zimmigrate.core.idmap.IdMapping;
import io.zimmigrate.files.idmap.IdMapFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --id-map FILE} on every command that reads input, with real files. */
class IdMapOptionTest {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path MATTERMOST = ROOT.resolve("docs/examples/mattermost.jsonl");
    static final String NOW = "2024-11-20T12:00:00Z";

    @TempDir
    Path dir;

    private Cli.Result run(String command, Path input, Path idMap) {
        if (!command.equals("verify")) {
            return new Cli().systemClock().run(command, input.toString(), "--now", NOW, "--id-map", idMap.toString());
        }
        // verify reads back from a ZIM (it refuses a rehearsal): an emulator here, empty, so everything is missing.
        String secret = "0123456789abcdef0123456789abcdef";
        try (io.zimmigrate.emulator.ZimEmulator zim = io.zimmigrate.emulator.ZimEmulator.start(
                io.zimmigrate.emulator.EmulatorConfig.builder().appId(1)
                        .secret(io.zimmigrate.core.signing.ServerSecret.of(secret)).build())) {
            return new Cli().systemClock().env(java.util.Map.of("ZIM_SERVER_SECRET", secret)).run(command,
                    input.toString(), "--now", NOW, "--id-map", idMap.toString(), "--endpoint", zim.baseUri().toString(),
                    "--app-id", "1", "--qps", "0");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "plan", "run", "verify"})
    void everyCommandWritesTheSameMappingOfTheMattermostExample(String command) throws IOException {
        Path idMap = dir.resolve("ids.csv");
        Files.writeString(idMap, "left over from an earlier run\n");

        Cli.Result r = run(command, MATTERMOST, idMap);

        assertThat(r.err()).as(r.toString()).contains("ID map: 1 changed ID written to " + idMap);
        List<IdMapping> rows = IdMapFile.read(idMap);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).kind()).isEqualTo(IdKind.GROUP);
        assertThat(rows.get(0).sourceId()).isEqualTo("acme:engineering-announcements-and-news");
        // The documented scheme (docs/sources.md): prefix cut to 19 characters, '~', 12 base-32 hash characters.
        assertThat(rows.get(0).zimId()).isEqualTo("acme:engineering-an~u4o33i62bula");
        assertThat(Files.readString(idMap)).startsWith("kind,source_id,zim_id\n").doesNotContain("left over");
        assertThat(dir.resolve("ids.csv.tmp")).doesNotExist();
    }

    @Test
    void aFormatThatMapsNothingStillWritesTheHeader() throws IOException {
        Path idMap = dir.resolve("sub/ids.csv");

        Cli.Result r = run("validate", ROOT.resolve("docs/examples/history.jsonl"), idMap);

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(Files.readString(idMap)).isEqualTo("kind,source_id,zim_id\n");
        assertThat(r.err()).contains("ID map: 0 changed IDs written to " + idMap);
    }

    @Test
    void anIdMapThatCannotBeWrittenIsAUsageErrorNamingTheFile() throws IOException {
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "x");
        Path idMap = blocker.resolve("ids.csv");

        Cli.Result r = run("validate", MATTERMOST, idMap);

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("cannot write the ID map " + idMap).doesNotContain("Exception", "\tat ");
    }
}

package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.ZimEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: {@code status} finds the journal a run kept in the default place, from the same input and app, through
 * the real jar: a run against an emulator with XDG_STATE_HOME pointing into the test directory, then status with
 * the same FILE and flags, and with the connection given once in the environment instead.
 */
class StatusDefaultJournalIT {
    private static final String SECRET = "status-default-journal-0a1b2c3d4e";

    @TempDir
    Path dir;

    @Test
    void statusWithTheRunsInputAndAppFindsItsDefaultJournal() throws Exception {
        Path input = input();
        Path state = Files.createDirectory(dir.resolve("state"));
        try (ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7)
                .secret(ServerSecret.of(SECRET)).seed(2).build())) {
            String endpoint = zim.baseUri().toString();
            Map<String, String> env = Map.of("XDG_STATE_HOME", state.toString(), "HOME", dir.toString(),
                    "ZIM_SERVER_SECRET", SECRET);
            ZimMigrateJarIT.Run run = jar(env, "run", input.toString(), "--endpoint", endpoint, "--app-id", "7",
                    "--qps", "0", "--progress", "lines");
            assertThat(run.exit()).as("%s", run).isZero();
            assertThat(run.err()).contains("journal: " + state.resolve("zim-migrate"));

            ZimMigrateJarIT.Run flags = jar(env, "status", input.toString(), "--app-id", "7", "--endpoint", endpoint);
            assertThat(flags.exit()).as("%s", flags).isZero();
            assertThat(flags.out()).contains("journal:          " + state.resolve("zim-migrate"))
                    .contains("finished");

            ZimMigrateJarIT.Run fromEnv = jar(Map.of("XDG_STATE_HOME", state.toString(), "HOME", dir.toString(),
                    "ZIM_APP_ID", "7", "ZIM_ENDPOINT", endpoint), "status", input.toString(), "--output", "json");
            assertThat(fromEnv.exit()).as("%s", fromEnv).isZero();
            assertThat(fromEnv.out()).contains("\"state\":\"finished\"").contains("\"lockHeld\":false");

            ZimMigrateJarIT.Run otherApp = jar(env, "status", input.toString(), "--app-id", "8", "--endpoint", endpoint);
            assertThat(otherApp.exit()).as("%s", otherApp).isEqualTo(ExitCodes.USAGE);
            assertThat(otherApp.err().strip().lines()).hasSize(1);
            assertThat(otherApp.err()).contains("no journal at " + state.resolve("zim-migrate")).contains("app-8@");
        }
    }

    private static ZimMigrateJarIT.Run jar(Map<String, String> env, String... args) throws Exception {
        List<String> command = JarJava.command(ZimMigrateJarIT.JAR);
        command.addAll(List.of(args));
        return ZimMigrateJarIT.run(env, command);
    }

    private Path input() throws Exception {
        long dayAgo = System.currentTimeMillis() / 1000 * 1000 - 86_400_000L;
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            lines.add("{\"Id\":\"m-" + i + "\",\"GroupId\":\"g-team\",\"FromUserId\":\"u-" + i + "\",\"MessageType\":1,"
                    + "\"MessageBody\":{\"Message\":\"hello " + i + "\"},\"SendMessageTime\":" + (dayAgo + i * 1000L) + "}");
        }
        return Files.write(dir.resolve("history.jsonl"), lines);
    }
}

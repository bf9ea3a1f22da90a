package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignCommandTest {
    static final String SECRET = "9193cc662a4c0ec135ec71fb57194b38";
    static final String[] VECTOR = {"sign", "--app-id", "12345", "--nonce", "4fd24687296dd9f3", "--timestamp", "1615186943"};
    static final String EXPECTED = "43e5cfcca828314675f91b001390566a";

    @TempDir
    Path dir;

    private static String[] with(String[] base, String... more) {
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void reproducesTheDocumentedVectorFromTheEnvironment() {
        Cli.Result r = new Cli().env(Map.of("ZIM_SERVER_SECRET", SECRET)).run(VECTOR);
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).isEqualTo(EXPECTED + System.lineSeparator());
        assertThat(r.err()).isEmpty();
    }

    @Test
    void readsTheSecretFileStrippedAndPrefersItToTheEnvironment() throws IOException {
        Path file = dir.resolve("secret");
        Files.writeString(file, "  " + SECRET + "\n");
        Cli.Result r = new Cli().env(Map.of("ZIM_SERVER_SECRET", "something-else")).run(with(VECTOR, "--secret-file", file.toString()));
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out().strip()).isEqualTo(EXPECTED);
    }

    @Test
    void noSecretIsAUsageErrorSayingWhereToPutIt() {
        Cli.Result r = new Cli().run(VECTOR);
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("ZIM_SERVER_SECRET").contains("--secret-file");
    }

    @Test
    void badArgumentsAreUsageErrors() throws IOException {
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "\n");
        Cli cli = new Cli().env(Map.of("ZIM_SERVER_SECRET", SECRET));
        List<String[]> cases = List.of(
                new String[] {"sign", "--nonce", "4fd24687296dd9f3", "--timestamp", "1"},
                new String[] {"sign", "--app-id", "1", "--nonce", "xyz", "--timestamp", "1"},
                new String[] {"sign", "--app-id", "4294967296", "--nonce", "4fd24687296dd9f3", "--timestamp", "1"},
                new String[] {"sign", "--app-id", "1", "--nonce", "4fd24687296dd9f3", "--timestamp", "-1"},
                with(VECTOR, "--secret-file", dir.resolve("missing").toString()),
                with(VECTOR, "--secret-file", empty.toString()),
                with(VECTOR, "--secret-file", dir.toString()));
        for (String[] args : cases) {
            Cli.Result r = cli.run(args);
            assertThat(r.exit()).as("%s -> %s", Arrays.toString(args), r).isEqualTo(ExitCodes.USAGE);
            assertThat(r.errLines()).as("%s -> %s", Arrays.toString(args), r).hasSize(1);
            assertThat(r.out()).isEmpty();
        }
    }

    /** Whatever goes wrong, and even with --debug, the secret is printed nowhere. */
    @Test
    void theSecretNeverAppearsInAnyOutput() throws IOException {
        Path file = dir.resolve("secret");
        Files.writeString(file, SECRET);
        Cli cli = new Cli().env(Map.of("ZIM_SERVER_SECRET", SECRET));
        List<String[]> cases = List.of(
                VECTOR,
                with(VECTOR, "--debug"),
                with(VECTOR, "--secret=" + SECRET),
                with(VECTOR, "--secret", SECRET),
                with(VECTOR, SECRET),
                with(VECTOR, "--secret-file", file.toString(), "--debug"),
                new String[] {"sign", "--debug", "--app-id", "1", "--nonce", "bad", "--timestamp", "1"},
                new String[] {"validate", "--debug", "--secret=" + SECRET, "x.jsonl"});
        for (String[] args : cases) {
            Cli.Result r = cli.run(args);
            assertThat(r.all()).as("%s", Arrays.toString(args)).doesNotContain(SECRET);
        }
    }
}

package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ZimMigrateTest {
    private final Cli cli = new Cli();

    @Test
    void helpListsTheCommands() {
        Cli.Result r = cli.run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("validate", "sign", "Exit codes");
    }

    @Test
    void versionNamesTheTool() {
        Cli.Result r = cli.run("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("zim-migrate ");
        assertThat(cli.run("validate", "--version").out()).isEqualTo(r.out());
    }

    @Test
    void noCommandIsAUsageError() {
        Cli.Result r = cli.run();
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Usage: zim-migrate");
    }

    @Test
    void anUnknownCommandOrFlagIsOneLineAndExit2() {
        for (String[] args : new String[][] {{"frobnicate"}, {"--bogus"}, {"validate", "--bogus", "x.jsonl"}}) {
            Cli.Result r = cli.run(args);
            assertThat(r.exit()).as("%s", r).isEqualTo(ExitCodes.USAGE);
            assertThat(r.errLines()).as("%s", r).hasSize(1);
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void debugIsAcceptedOnSubcommandsAndShowsTheTrace() {
        Cli.Result r = cli.run("validate", "--debug", "/nonexistent/dir/x.jsonl");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("no such file").contains("SourceException").contains("\tat ");
    }
}

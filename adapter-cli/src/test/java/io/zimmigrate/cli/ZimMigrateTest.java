package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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

    /**
     * A command line for {@code zim-migrate NAME ...} builds only NAME (start-up, P3), and NAME reads exactly as it
     * does among all the others: the same usage text, options, defaults and parent. Anything else builds them all.
     */
    @Test
    void aNamedCommandIsBuiltAloneAndReadsAsAmongAllTheOthers() {
        CommandLine all = ZimMigrate.commandLine(CliEnvironment.system(), quiet(), quiet());
        assertThat(all.getSubcommands()).hasSize(ZimMigrate.SUBCOMMANDS.size());
        for (String name : all.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            CommandLine alone = ZimMigrate.commandLine(CliEnvironment.system(), quiet(), quiet(),
                    new String[] {name, "--whatever"});
            assertThat(alone.getSubcommands().keySet()).as(name).containsExactly(name);
            CommandLine sub = alone.getSubcommands().get(name);
            assertThat(sub.getUsageMessage(CommandLine.Help.Ansi.OFF)).as(name)
                    .isEqualTo(all.getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF));
            assertThat(sub.getParent()).isSameAs(alone);
            assertThat(sub.getOut()).isSameAs(alone.getOut());
            assertThat(sub.getExecutionExceptionHandler()).isSameAs(alone.getExecutionExceptionHandler());
            assertThat(sub.getParameterExceptionHandler()).isSameAs(alone.getParameterExceptionHandler());
            assertThat(sub.getCommandSpec().findOption("--debug")).as(name + " inherits --debug").isNotNull();
            assertThat(sub.getCommandSpec().options()).as(name)
                    .hasSameSizeAs(all.getSubcommands().get(name).getCommandSpec().options());
        }
        for (String[] args : new String[][] {{}, {"help", "validate"}, {"--help"}, {"--debug", "validate"}, {"frobnicate"}}) {
            assertThat(ZimMigrate.commandLine(CliEnvironment.system(), quiet(), quiet(), args).getSubcommands().keySet())
                    .as("%s", (Object) args).containsExactlyElementsOf(all.getSubcommands().keySet());
        }
    }

    private static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }
}

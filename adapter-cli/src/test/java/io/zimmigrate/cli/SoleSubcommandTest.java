package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A command line built for one subcommand behaves as the whole one does for that subcommand. */
class SoleSubcommandTest {

    private static CommandLine build(String only) {
        return ZimMigrate.commandLine(CliEnvironment.system(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), only);
    }

    @Test
    void theFirstWordNamesTheSubcommandOnlyWhenItIsOne() {
        assertThat(ZimMigrate.soleSubcommand("run", "x.jsonl", "--journal", "j")).isEqualTo("run");
        assertThat(ZimMigrate.soleSubcommand("validate", "x.jsonl")).isEqualTo("validate");
        assertThat(ZimMigrate.soleSubcommand("--debug", "run", "x.jsonl")).isNull();
        assertThat(ZimMigrate.soleSubcommand("help", "run")).isNull();
        assertThat(ZimMigrate.soleSubcommand("rnu")).isNull();
        assertThat(ZimMigrate.soleSubcommand()).isNull();
    }

    @Test
    void eachSubcommandAloneHasTheSameOptionsHelpAndInheritedDebugAsInTheWholeCommand() {
        CommandLine whole = build(null);
        assertThat(whole.getSubcommands()).containsKeys("validate", "plan", "run", "media", "verify", "status",
                "emulate", "sign", "help");
        for (String name : whole.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            CommandLine alone = build(name);
            assertThat(alone.getSubcommands()).containsOnlyKeys(name);
            CommandLine sub = alone.getSubcommands().get(name);
            CommandLine same = whole.getSubcommands().get(name);
            assertThat(sub.getUsageMessage(CommandLine.Help.Ansi.OFF))
                    .isEqualTo(same.getUsageMessage(CommandLine.Help.Ansi.OFF));
            assertThat(sub.getCommandSpec().findOption("--debug")).as(name + " inherits --debug").isNotNull();
            assertThat(sub.getCommandSpec().options()).hasSameSizeAs(same.getCommandSpec().options());
        }
    }
}

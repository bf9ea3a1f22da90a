package io.zimmigrate.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.CliEnvironment;
import io.zimmigrate.cli.ZimMigrate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * docs/cli.md matches {@code --help}: every option a command takes is documented in its section (or in the
 * section its shared options are described in), and no section names an option that no command has.
 */
class CliDocsMatchHelpTest {
    private static final Path CLI_MD = Path.of("").toAbsolutePath().getParent().resolve("docs/cli.md");
    /** Where each command's options may be described: its own section first, then the ones it refers to. */
    private static final Map<String, List<String>> SECTIONS = Map.of(
            "validate", List.of("validate"),
            "plan", List.of("plan", "validate"),
            "run", List.of("run", "validate", "The ServerSecret"),
            "verify", List.of("verify", "run", "validate", "The ServerSecret"),
            "status", List.of("status"),
            "emulate", List.of("emulate", "The ServerSecret"),
            "sign", List.of("sign", "The ServerSecret"));
    private static final Set<String> EVERYWHERE = Set.of("--help", "--version", "--debug", "--config");

    private static CommandLine command(String name) {
        return ZimMigrate.commandLine(CliEnvironment.system(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())).getSubcommands().get(name);
    }

    private static Map<String, String> sections() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        String name = null;
        StringBuilder text = new StringBuilder();
        for (String line : Files.readAllLines(CLI_MD)) {
            if (line.startsWith("## ")) {
                if (name != null) {
                    out.put(name, text.toString());
                }
                name = line.substring(3).strip();
                text.setLength(0);
            } else if (name != null) {
                text.append(line).append('\n');
            }
        }
        out.put(name, text.toString());
        return out;
    }

    /** The options each shipped format takes, as docs/sources.md documents them; every other format takes none. */
    private static final Map<String, List<String>> SOURCE_OPTIONS = Map.of(
            "csv", List.of("separator"),
            "mattermost", List.of("attachment-base-url"),
            "sendbird", List.of("admin-messages", "admin-user", "admin-sub-msg-type", "channels"));

    /** Issue 18: --help lists the --source-option keys per format, as docs/cli.md and docs/sources.md do. */
    @ParameterizedTest
    @ValueSource(strings = {"validate", "plan", "run", "verify"})
    void helpListsTheSourceOptionsOfEveryFormat(String name) throws Exception {
        String help = command(name).getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
        String cliMd = sections().get("validate");
        String sourcesMd = Files.readString(CLI_MD.resolveSibling("sources.md"));
        SOURCE_OPTIONS.forEach((format, keys) -> {
            String listed = help.substring(help.indexOf("--source-option"));
            assertThat(listed).as("%s --help names the format %s", name, format).contains(format + ":");
            for (String key : keys) {
                assertThat(listed).as("%s --help, format %s", name, format).contains(key + "=");
                assertThat(cliMd).as("docs/cli.md, --source-option").contains("`" + key + "=");
                assertThat(sourcesMd).as("docs/sources.md").contains("`" + key + "`");
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "plan", "run", "verify", "status", "emulate", "sign"})
    void everyOptionOfTheCommandIsDocumentedAndEveryDocumentedOptionExists(String name) throws Exception {
        CommandLine cmd = command(name);
        Map<String, String> sections = sections();
        StringBuilder allowed = new StringBuilder();
        for (String section : SECTIONS.get(name)) {
            assertThat(sections).as("docs/cli.md has a section '## %s'", section).containsKey(section);
            allowed.append(sections.get(section));
        }
        List<String> undocumented = new ArrayList<>();
        for (CommandLine.Model.OptionSpec o : cmd.getCommandSpec().options()) {
            if (o.hidden() || EVERYWHERE.contains(o.longestName())) {
                continue;
            }
            if (!allowed.toString().contains("`" + o.longestName()) && !allowed.toString().contains(o.longestName() + " ")
                    && !allowed.toString().contains("[" + o.longestName())) {
                undocumented.add(o.longestName());
            }
        }
        assertThat(undocumented).as("options of '%s' missing from docs/cli.md", name).isEmpty();

        // A section may point at another command's option ("point run --endpoint at it"), but none may name an
        // option that no command has (renamed or removed).
        Set<String> anyCommand = new TreeSet<>(EVERYWHERE);
        SECTIONS.keySet().forEach(c -> command(c).getCommandSpec().options().forEach(o -> anyCommand.addAll(List.of(o.names()))));
        Matcher named = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*[a-z]").matcher(sections.get(name));
        Set<String> stale = new TreeSet<>();
        while (named.find()) {
            if (!anyCommand.contains(named.group())) {
                stale.add(named.group());
            }
        }
        assertThat(stale).as("options the '%s' section names that no command has", name).isEmpty();
    }
}

package io.zimmigrate.cli.validate;

import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.cli.ZimMigrate;
import io.zimmigrate.cli.options.InputOptions;
import io.zimmigrate.cli.options.OutputFormat;
import io.zimmigrate.cli.options.RuleOptions;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.validation.InputValidation;
import io.zimmigrate.core.validation.MessageRules;
import io.zimmigrate.core.validation.ValidationSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code zim-migrate validate}: reads the input once, applies every rule, and says what would be imported and
 * what would not. Sends nothing. The work is core's {@link InputValidation}; this class only wires and prints.
 */
@Command(name = "validate",
        description = "Check export files against ZIM's rules without importing anything.",
        mixinStandardHelpOptions = true,
        footer = {"", "Exit codes: 0 nothing rejected, 1 some records rejected, 2 usage or input error."})
public final class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    private ZimMigrate root;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private InputOptions input;

    @Mixin
    private RuleOptions rules;

    @Option(names = "--rejects", paramLabel = "FILE",
            description = "Write every rejection to FILE, one JSON object per broken rule.")
    private Path rejects;

    @Option(names = "--output", paramLabel = "text|json",
            description = "How to print the summary: text (default) or json.")
    private OutputFormat output;

    @Option(names = "--show", paramLabel = "N", defaultValue = "20",
            description = "Print at most N rejected records with the summary (0: none). Default: ${DEFAULT-VALUE}.")
    private int show;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        OutputFormat format = outputFormat(cmd);
        if (show < 0) {
            throw new CommandLine.ParameterException(cmd, "--show must not be negative");
        }
        RuleSet ruleSet = rules.ruleSet(cmd);
        long now = rules.nowMillis(root.environment().clock());
        List<MessageSource> sources = input.open(cmd);
        RejectionLines lines = new RejectionLines(sources.size() > 1);

        Collector collector = new Collector(show);
        ValidationSummary summary;
        try (RejectsFile file = rejects == null ? null
                : RejectsFile.create(rejects, input.files().stream().map(Path::of).toList(), lines)) {
            summary = new InputValidation(new MessageRules(ruleSet)).run(sources, now, rejection -> {
                collector.add(rejection);
                if (file != null) {
                    file.write(rejection);
                }
            });
        }
        input.writeIdMap(sources, cmd.getErr());

        SummaryPrinter.Context ctx = new SummaryPrinter.Context(input.files(), now, ruleSet.retention().days());
        if (format == OutputFormat.JSON) {
            SummaryPrinter.json(cmd.getOut(), ctx, summary, lines, collector.shown, collector.notShown);
        } else {
            SummaryPrinter.text(cmd.getOut(), ctx, summary, collector.shown, collector.notShown);
        }
        return summary.clean() ? ExitCodes.OK : ExitCodes.REJECTED;
    }

    private OutputFormat outputFormat(CommandLine cmd) {
        var alias = input.outputAlias();
        if (alias.isPresent() && output != null && alias.get() != output) {
            throw new CommandLine.ParameterException(cmd, "--format " + alias.get().name().toLowerCase()
                    + " and --output " + output.name().toLowerCase() + " disagree; use --output alone");
        }
        return output != null ? output : alias.orElse(OutputFormat.TEXT);
    }

    /** Keeps the first few rejections for the summary and counts the rest. */
    private static final class Collector {
        private final int limit;
        private final List<Rejection> shown = new ArrayList<>();
        private long notShown;

        Collector(int limit) {
            this.limit = limit;
        }

        void add(Rejection r) {
            if (shown.size() < limit) {
                shown.add(r);
            } else {
                notShown++;
            }
        }
    }
}

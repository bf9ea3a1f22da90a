package io.zimmigrate.cli.status;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.cli.UserException;
import io.zimmigrate.cli.ZimMigrate;
import io.zimmigrate.cli.options.OutputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code zim-migrate status}: how a run that keeps its journal in DIR is doing, from any terminal, while it runs
 * or after it stopped. Reads the run's {@link StatusFile} and probes the journal's lock; changes nothing.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show how the run using a journal directory is doing: calls settled, rate, ETA, rejections, "
                + "lost answers, the last answer and the last error, and whether a run holds the journal.",
        footer = {"", "Exit codes: 0 shown, 2 no journal in DIR."})
public final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    private ZimMigrate root;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--journal", paramLabel = "DIR", required = true,
            description = "The journal directory of the run (its --journal).")
    private Path journal;

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
            description = "text (default) or json: one object, the run's status file plus journal, lockHeld and ageSeconds.")
    private OutputFormat output;

    @Override
    public Integer call() {
        if (!Files.isDirectory(journal)) {
            throw new UserException("no journal directory " + journal + ": give the --journal DIR of the run");
        }
        boolean held = JournalLockProbe.held(journal);
        ObjectNode status;
        try {
            status = StatusFile.read(journal).orElse(null);
        } catch (IOException e) {
            throw new UserException("cannot read " + journal.resolve(StatusFile.NAME) + ": " + e.getMessage());
        }
        Instant now = root.environment().clock().instant();
        ObjectNode shown = StatusView.of(journal, held, status, now);
        if (output == OutputFormat.JSON) {
            spec.commandLine().getOut().println(shown.toString());
        } else {
            StatusText.print(spec.commandLine().getOut(), shown);
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /** Seconds from {@code then} (ISO-8601, may be null) to {@code now}; -1 when unknown. */
    static long secondsSince(String then, Instant now) {
        return then == null ? -1 : Math.max(0, Duration.between(Instant.parse(then), now).toSeconds());
    }
}

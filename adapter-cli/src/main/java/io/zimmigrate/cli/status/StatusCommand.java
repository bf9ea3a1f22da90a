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
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code zim-migrate status}: how a run that keeps its journal in DIR is doing, from any terminal, while it runs
 * or after it stopped. Reads the run's {@link StatusFile} and probes the journal's lock; changes nothing. The
 * journal is given, or found where {@code run} keeps it by default for the same input, AppId and endpoint.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show how the run using a journal directory is doing: calls settled, rate, ETA, rejections, "
                + "lost answers, the last answer and the last error, and whether a run holds the journal. The "
                + "journal is --journal DIR, or the one run keeps by default for the same FILE, --app-id and "
                + "--endpoint or --region (defaults from the environment and the config file, as for run).",
        footer = {"", "Exit codes: 0 shown, 2 no journal there."})
public final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    private ZimMigrate root;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "The run's export files, when it kept its journal in the default place.")
    private List<Path> files = List.of();

    @Option(names = "--journal", paramLabel = "DIR", description = "The journal directory of the run (its --journal).")
    private Path journal;

    @Option(names = "--app-id", paramLabel = "N", description = "The run's AppId (with FILE).")
    private Long appId;

    @Option(names = "--endpoint", paramLabel = "URL", description = "The run's --endpoint (with FILE).")
    private String endpoint;

    @Option(names = "--region", paramLabel = "NAME", description = "The run's --region (with FILE).")
    private String region;

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
            description = "text (default) or json: one object, the run's status file plus journal, lockHeld and ageSeconds.")
    private OutputFormat output;

    @Override
    public Integer call() {
        if (journal != null && !files.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give the run's --journal DIR or its FILE, not both");
        }
        Path dir = journal != null ? journal : DefaultJournal.of(spec.commandLine(), root.environment(), files, appId,
                endpoint, region);
        if (!Files.isDirectory(dir)) {
            throw new UserException(journal != null
                    ? "no journal directory " + journal + ": give the --journal DIR of the run"
                    : "no journal at " + dir + " (where run keeps it for " + files.get(0) + " and "
                            + io.zimmigrate.cli.connect.ConnectionOptions.target(appId, endpoint, region)
                            + "): was the run given --journal DIR, another AppId or endpoint, or a changed file?");
        }
        boolean held = JournalLockProbe.held(dir);
        ObjectNode status;
        try {
            status = StatusFile.read(dir).orElse(null);
        } catch (IOException e) {
            throw new UserException("cannot read " + dir.resolve(StatusFile.NAME) + ": " + e.getMessage());
        }
        Instant now = root.environment().clock().instant();
        ObjectNode shown = StatusView.of(dir, held, status, now);
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

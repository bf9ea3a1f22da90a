package io.zimmigrate.cli.options;

import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.cli.plan.PlanWorkers;
import io.zimmigrate.core.plan.Planner;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.MessageSourceProvider;
import io.zimmigrate.core.port.SourceException;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.port.SourceFormats;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import io.zimmigrate.files.support.ZipArchives;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The input of a command: one or more files and their format. {@code --format NAME} names the source format
 * (see docs/decisions.md); without it each file's format is guessed from its name. For compatibility with the
 * first version of {@code validate}, {@code --format text} and {@code --format json} still select the summary's
 * output format. {@code --id-map FILE} writes the IDs a source had to change (see {@link IdMapWriter}).
 */
public final class InputOptions {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The export files to read, in this order.")
    private List<String> files = new ArrayList<>();

    @Option(names = "--format", paramLabel = "NAME",
            description = "The input format of every FILE (installed: ${COMPLETION-CANDIDATES}). "
                    + "Default: guessed from each file name (*.jsonl, *.ndjson: jsonl). "
                    + "'text' and 'json' are kept on validate as another spelling of --output.",
            completionCandidates = FormatNames.class)
    private String format;

    @Option(names = "--source-option", paramLabel = "KEY=VALUE",
            description = "An option of the input format, repeatable. csv: separator=CHAR (default ','; tab). "
                    + "mattermost: attachment-base-url=URL (where attachment paths are served). sendbird: "
                    + "admin-messages=custom|skip, admin-user=ID, admin-sub-msg-type=0..200, channels=PATH. "
                    + "jsonl, slack, stream take none (docs/sources.md).")
    private java.util.Map<String, String> sourceOptions = new java.util.LinkedHashMap<>();

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Load more input formats from the jars in DIR (ServiceLoader; docs/sources.md). "
                    + "Default: $ZIM_MIGRATE_PLUGINS.")
    private Path plugins;

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    private picocli.CommandLine.Model.CommandSpec mixee;

    private SourceFormats formats;

    /** The installed formats, and those of the jars in --plugins DIR (or $ZIM_MIGRATE_PLUGINS). */
    private SourceFormats formats() {
        if (formats == null) {
            Path dir = plugins;
            if (dir == null && mixee != null && mixee.commandLine() != null && mixee.commandLine().getParent() != null
                    && mixee.commandLine().getParent().getCommand() instanceof io.zimmigrate.cli.ZimMigrate root) {
                dir = root.environment().variable(io.zimmigrate.cli.config.Plugins.VARIABLE)
                        .filter(v -> !v.isBlank()).map(Path::of).orElse(null);
            }
            formats = dir == null ? SourceFormats.installed()
                    : SourceFormats.installed(io.zimmigrate.cli.config.Plugins.loader(dir));
        }
        return formats;
    }

    @Option(names = "--id-map", paramLabel = "FILE",
            description = "Write every user and group ID that had to change to become a valid ZIM ID to FILE "
                    + "(CSV: kind,source_id,zim_id), so accounts and groups can be created with the same IDs.")
    private Path idMap;

    public List<String> files() {
        return List.copyOf(files);
    }

    /** The output format asked for by the compatibility spelling {@code --format text|json}, if used. */
    public Optional<OutputFormat> outputAlias() {
        return format == null || isSourceFormat(format) ? Optional.empty() : OutputFormat.named(format);
    }

    /** Opens every file with its format; an unknown format or an unrecognised file name is a usage error. */
    public List<MessageSource> open(CommandLine cmd) {
        return open(cmd, Map.of());
    }

    /** The same, giving each source also the options listed under its format name (media relocation's, say). */
    public List<MessageSource> open(CommandLine cmd, Map<String, Map<String, String>> optionsByFormat) {
        if (outputAlias().isPresent() && !"validate".equals(cmd.getCommandName())) {
            // Only validate kept the old spelling; elsewhere it would silently mean nothing.
            throw new CommandLine.ParameterException(cmd, "--format " + format + " is not an input format; for a "
                    + format + " summary use --output " + format);
        }
        SourceFormats formats = formats();
        MessageSourceProvider chosen = null;
        if (format != null && outputAlias().isEmpty()) {
            chosen = formats.byName(format).orElseThrow(() -> new CommandLine.ParameterException(cmd,
                    "unknown input format '" + format + "'; installed formats: " + String.join(", ", formats.names())));
        }
        List<MessageSource> sources = new ArrayList<>(files.size());
        for (String file : files) {
            MessageSourceProvider provider;
            try {
                // Core's choice: a format that recognised the content wins over one that only saw the name.
                provider = chosen != null ? chosen : formats.choose(file, null);
            } catch (SourceException e) {
                throw new CommandLine.ParameterException(cmd, ZipArchives.whyUnreadable(file).orElse(e.getMessage()));
            }
            Map<String, String> options = new java.util.HashMap<>(sourceOptions);
            options.putAll(optionsByFormat.getOrDefault(provider.formatName(), Map.of()));
            sources.add(provider.open(file, Map.copyOf(options)));
        }
        return sources;
    }

    /**
     * For the commands that take one FILE and need its plan but import nothing ({@code plan}, {@code verify}): opens
     * it, plans it into {@code scratch} (every rule checked; sorted on disk when not in time order) and writes
     * {@code --id-map}.
     */
    public Plan planTheOneFile(CommandLine cmd, RuleSet rules, long now, ScratchSpace scratch) {
        List<MessageSource> sources = open(cmd);
        if (sources.size() != 1) {
            throw new CommandLine.ParameterException(cmd, cmd.getCommandName() + " takes one FILE");
        }
        Plan plan;
        try (PlanWorkers workers = PlanWorkers.start()) {
            plan = new Planner(new InputRules(new MessageRules(rules)), scratch).preparingOn(workers.executor())
                    .plan(sources.get(0), now, r -> {});
        }
        writeIdMap(sources, cmd.getErr());
        return plan;
    }

    /** Writes {@code --id-map FILE}, if asked for, once the command has read {@code sources}. */
    public void writeIdMap(List<MessageSource> sources, PrintWriter err) {
        if (idMap != null) {
            IdMapWriter.write(idMap, sources, err);
        }
    }

    private boolean isSourceFormat(String name) {
        return formats().byName(name).isPresent();
    }

    /** For {@code --help}: the installed format names. */
    static final class FormatNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return SourceFormats.installed().names().iterator();
        }
    }
}

package io.zimmigrate.cli.run;

import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.cli.UserException;
import io.zimmigrate.cli.ZimMigrate;
import io.zimmigrate.cli.connect.Connection;
import io.zimmigrate.cli.connect.ConnectionOptions;
import io.zimmigrate.cli.options.InputOptions;
import io.zimmigrate.cli.options.RuleOptions;
import io.zimmigrate.cli.validate.RejectionLines;
import io.zimmigrate.cli.validate.RejectsFile;
import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationException;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.engine.OnReject;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.Journal;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.files.journal.FileJournal;
import io.zimmigrate.files.journal.FilePlanStore;
import io.zimmigrate.files.scratch.FileScratchSpace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code zim-migrate run}: imports an export into ZIM, in order, at the cap, exactly once, resumably. Without
 * {@code --endpoint}/{@code --region} it rehearses against an in-process emulator.
 */
@Command(name = "run",
        description = "Import the messages of FILE into ZIM (or, without --endpoint/--region, into a local emulator).",
        mixinStandardHelpOptions = true,
        footer = {"", "Exit codes: 0 all imported, 1 finished with rejections, 2 usage or configuration error,",
                "3 stopped early (fatal answer, interrupted): run the same command again to resume."})
public final class RunCommand implements Callable<Integer> {
    /** Where a real migration keeps its journal when --journal is not given. */
    static final Path DEFAULT_JOURNAL_ROOT = Path.of("zim-migrate-journal");

    @ParentCommand
    private ZimMigrate root;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private InputOptions input;

    @Mixin
    private RuleOptions rules;

    @Mixin
    private ConnectionOptions connection;

    @Option(names = "--qps", paramLabel = "N", defaultValue = "20",
            description = "Requests per second per action, ZIM's cap. 0: uncapped, only for an emulator (a rehearsal "
                    + "or an --endpoint on a loopback address). Default: ${DEFAULT-VALUE}.")
    private int qps;

    @Option(names = "--journal", paramLabel = "DIR",
            description = "Where progress is kept; run the same command with the same DIR to resume. Default: "
                    + "zim-migrate-journal/<input name> for a real migration, in memory for a rehearsal.")
    private Path journalDir;

    @Option(names = "--rejects", paramLabel = "FILE",
            description = "Write every rejection (validation and ZIM's) to FILE as JSON lines; a resumed run appends.")
    private Path rejects;

    @Option(names = "--provision",
            description = "Register every user and create every group (owner: first sender) before importing.")
    private boolean provision;

    @Option(names = "--group-owner", paramLabel = "USER_ID", description = "With --provision: the owner of every group.")
    private String groupOwner;

    @Option(names = "--on-reject", paramLabel = "continue|stop-timeline", defaultValue = "continue",
            converter = OnRejectConverter.class,
            description = "When ZIM refuses a message: continue with its timeline (default), or leave the rest of "
                    + "that timeline for a later run.")
    private OnReject onReject;

    @Option(names = "--progress", paramLabel = "auto|bar|lines", defaultValue = "auto",
            description = "A progress bar (terminal), plain lines (logs), or auto. Default: ${DEFAULT-VALUE}.")
    private String progress;

    @Override
    public Integer call() throws Exception {
        warmUpJsonInBackground();
        CommandLine cmd = spec.commandLine();
        if (qps < 0) {
            throw new CommandLine.ParameterException(cmd, "--qps must be 0 (uncapped, emulator only) or more");
        }
        RuleSet ruleSet = rules.ruleSet(cmd);
        Clock clock = clock(cmd);
        List<MessageSource> sources = input.open(cmd);
        if (sources.size() != 1) {
            throw new CommandLine.ParameterException(cmd, "run takes one FILE (a journal belongs to one input)");
        }
        if (qps == 0 && !connection.local()) {
            throw new CommandLine.ParameterException(cmd,
                    "--qps 0 (uncapped) is only for an emulator: a rehearsal, or an --endpoint on this machine");
        }
        Path journalPath = journalDir != null ? journalDir
                : connection.rehearsal() ? null : DEFAULT_JOURNAL_ROOT.resolve(Path.of(input.files().get(0)).getFileName());

        try (Connection zim = Connection.open(connection, root.environment(), clock, qps, ruleSet.retention().days(), provision);
             Journal journal = journalPath == null ? new InMemoryJournal() : FileJournal.open(journalPath);
             ScratchSpace scratch = journalPath == null ? FileScratchSpace.inSystemTemp() : FileScratchSpace.in(journalPath);
             RejectsFile rejectsFile = rejects == null ? null : RejectsFile.open(rejects,
                     input.files().stream().map(Path::of).toList(), new RejectionLines(false), resuming(journalPath));
             ProgressReporter reporter = new ProgressReporter(cmd.getErr(), useBar(),
                     r -> { if (rejectsFile != null) { rejectsFile.write(r); } })) {
            cmd.getErr().println("importing into " + zim.description());
            if (journalPath != null) {
                cmd.getErr().println("journal: " + journalPath + " (run the same command again to resume)");
            }
            cmd.getErr().flush();
            Migration migration = Migration.builder()
                    .source(sources.get(0)).gateway(zim.gateway()).journal(journal).scratch(scratch).clock(clock)
                    .planStore(journalPath == null ? null : FilePlanStore.in(journalPath))
                    .rules(ruleSet).qps(qps).maxInFlight(zim.maxInFlight()).onReject(onReject).provision(provision)
                    .groupOwner(groupOwner == null ? null : owner(cmd)).listener(sayingWhichPlan(reporter, cmd))
                    .build();
            MigrationReport report = runStoppable(migration);
            reporter.close();
            input.writeIdMap(sources, cmd.getErr());
            RunReportPrinter.print(cmd.getOut(), report, zim.isRehearsal());
            if (report.stoppedEarly()) {
                return ExitCodes.STOPPED;
            }
            return report.hasRejections() ? ExitCodes.REJECTED : ExitCodes.OK;
        } catch (MigrationException e) {
            throw new UserException(e.getMessage());
        }
    }

    /**
     * Loads and warms Jackson's databind (about 0.4 s of class loading on a fresh JVM, needed to encode the first
     * request) on a second core while this thread parses options, connects and replays the journal: a resumed run
     * sends its first message that much sooner (docs/performance.md, P6). Only encodes a made-up body; failures
     * are left for the real first request to report.
     */
    private static void warmUpJsonInBackground() {
        Thread warm = new Thread(() -> {
            try {
                io.zimmigrate.core.wire.ZimJson.encode(new io.zimmigrate.core.wire.ImportGroupMsgRequest("u", "g", 1, 1,
                        new io.zimmigrate.core.wire.WireBody("warm-up", null), null, null, 1L));
            } catch (RuntimeException | LinkageError ignored) {
                // the real first request will meet (and report) the same problem
            }
        }, "zim-migrate-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    /** Says whether a resume reuses the plan kept in the journal directory, and if not why, then reports as usual. */
    private static io.zimmigrate.core.engine.MigrationListener sayingWhichPlan(ProgressReporter reporter,
                                                                              CommandLine cmd) {
        return new io.zimmigrate.core.engine.MigrationListener() {
            @Override
            public void onEvent(io.zimmigrate.core.engine.MigrationEvent event) {
                if (event instanceof io.zimmigrate.core.engine.MigrationEvent.PlanSource p) {
                    cmd.getErr().println(p.reused() ? "resuming with the plan kept in the journal (" + p.reason() + ")"
                            : "planning the input again: " + p.reason());
                    cmd.getErr().flush();
                }
                reporter.onEvent(event);
            }

            @Override
            public void onRejection(io.zimmigrate.core.rules.Rejection rejection) {
                reporter.onRejection(rejection);
            }
        };
    }

    /** Ctrl-C (SIGINT/SIGTERM) stops the migration cleanly: nothing new is sent, answers in flight are journaled. */
    private static MigrationReport runStoppable(Migration migration) throws InterruptedException {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            migration.stop("interrupted");
            try {
                finished.await(90, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "zim-migrate-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return migration.run();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for us, then the JVM exits
            }
        }
    }

    private Clock clock(CommandLine cmd) {
        Clock system = root.environment().clock();
        if (!rules.nowGiven()) {
            return system;
        }
        if (!connection.rehearsal()) {
            throw new CommandLine.ParameterException(cmd,
                    "--now is for rehearsals against the emulator; a real migration runs at the real time");
        }
        return Clock.offset(system, Duration.ofMillis(rules.nowMillis(system) - system.millis()));
    }

    private UserId owner(CommandLine cmd) {
        var checked = UserId.parse("--group-owner", groupOwner, io.zimmigrate.core.rules.IdRules.strict());
        if (!checked.isValid()) {
            throw new CommandLine.ParameterException(cmd, checked.violations().get(0).toString());
        }
        return checked.orElseThrow();
    }

    private static boolean resuming(Path journalPath) {
        return journalPath != null && Files.exists(journalPath.resolve(FileJournal.LOG_FILE));
    }

    private boolean useBar() {
        return switch (progress) {
            case "bar" -> true;
            case "lines" -> false;
            default -> System.console() != null;
        };
    }

    static final class OnRejectConverter implements CommandLine.ITypeConverter<OnReject> {
        @Override
        public OnReject convert(String value) {
            return switch (value.toLowerCase()) {
                case "continue" -> OnReject.CONTINUE;
                case "stop-timeline" -> OnReject.STOP_TIMELINE;
                default -> throw new CommandLine.TypeConversionException("expected continue or stop-timeline, not " + value);
            };
        }
    }
}

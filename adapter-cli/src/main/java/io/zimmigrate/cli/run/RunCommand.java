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
import io.zimmigrate.core.engine.FreshJournal;
import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationException;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.engine.OnReject;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.Journal;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.files.journal.FileJournal;
import io.zimmigrate.files.journal.JournalException;
import io.zimmigrate.files.journal.FilePlanStore;
import io.zimmigrate.files.scratch.FileScratchSpace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
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

    @Mixin
    private io.zimmigrate.cli.output.RunWatchOptions watchOptions;

    @Mixin
    private io.zimmigrate.cli.output.OutputOption output;

    @Mixin
    private io.zimmigrate.cli.media.MediaOptions media;

    @Option(names = "--qps", paramLabel = "N", defaultValue = "20",
            description = "Requests per second per action, ZIM's cap. 0: uncapped, only for an emulator (a rehearsal "
                    + "or an --endpoint on a loopback address). Default: ${DEFAULT-VALUE}.")
    private int qps;

    @Option(names = "--journal", paramLabel = "DIR",
            description = "Where progress is kept; run the same command with the same DIR to resume. Default for a "
                    + "real migration: one directory per AppId, endpoint and input content under $XDG_STATE_HOME/"
                    + "zim-migrate (else ~/.local/state/zim-migrate), whatever the current directory; in memory for "
                    + "a rehearsal.")
    private Path journalDir;

    @Option(names = "--rejects", paramLabel = "FILE",
            description = "Write every rejection (validation and ZIM's) to FILE as JSON lines; a resumed run appends. "
                    + "Default: rejects.jsonl in the journal directory.")
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

    @Option(names = "--lane-order", paramLabel = "critical-path|deadline-first", defaultValue = "critical-path",
            converter = LaneOrderConverter.class,
            description = "Which timeline goes next: the longest remaining first, deadlines first when one is at risk "
                    + "(default), or always the oldest message first (the order before issue 13, for comparison).")
    private io.zimmigrate.core.engine.LaneOrder laneOrder;

    @Option(names = "--recover",
            description = "Rebuild a lost or damaged journal from what ZIM holds: read back every timeline's newest "
                    + "messages (one read per timeline), find the last message of this input ZIM holds, and continue "
                    + "after it. A damaged journal is moved aside (never deleted). An intact journal is resumed as is.")
    private boolean recover;

    @Option(names = "--allow-duplicates",
            description = "Skip the check a new journal makes before its first import (does ZIM already hold messages "
                    + "of this input?) and import everything, even what ZIM already holds: those messages end up in "
                    + "ZIM twice. For a deliberate second copy only; to continue a migration use --recover.")
    private boolean allowDuplicates;

    @Option(names = "--progress", paramLabel = "auto|bar|lines", defaultValue = "auto",
            description = "A progress bar (terminal), plain lines (logs), or auto. Default: ${DEFAULT-VALUE}.")
    private String progress;

    @Override
    public Integer call() throws Exception {
        warmUpJsonInBackground();
        try (StopSignals signals = StopSignals.install()) {
            return run(signals);
        } catch (JournalException e) {
            throw new UserException(e.getMessage()); // damaged, another format, locked: the message says what to do
        }
    }

    private int run(StopSignals signals) throws Exception {
        CommandLine cmd = spec.commandLine();
        if (qps < 0) {
            throw new CommandLine.ParameterException(cmd, "--qps must be 0 (uncapped, emulator only) or more");
        }
        if (!List.of("auto", "bar", "lines").contains(progress)) {
            throw new CommandLine.ParameterException(cmd, "--progress must be auto, bar or lines, not " + progress);
        }
        if (recover && allowDuplicates) {
            throw new CommandLine.ParameterException(cmd, "--recover and --allow-duplicates exclude each other: "
                    + "--recover continues after what ZIM holds, --allow-duplicates imports it again");
        }
        connection.check(cmd);
        RuleSet ruleSet = rules.ruleSet(cmd);
        Clock clock = clock(cmd);
        List<MessageSource> sources = media.enabled(cmd) ? input.open(cmd, media.sourceOptions()) : input.open(cmd);
        if (sources.size() != 1) {
            throw new CommandLine.ParameterException(cmd, "run takes one FILE (a journal belongs to one input)");
        }
        if (qps == 0 && !connection.local()) {
            throw new CommandLine.ParameterException(cmd,
                    "--qps 0 (uncapped) is only for an emulator: a rehearsal, or an --endpoint on this machine");
        }
        try (Connection zim = Connection.open(connection, root.environment(), clock, qps, ruleSet.retention().days(),
                provision)) {
            // Found once the connection options are known to be good, so their errors come first.
            Path journalPath = journalDir != null ? journalDir.toAbsolutePath().normalize()
                    : connection.rehearsal() ? null
                    : JournalHome.journalFor(root.environment(), connection.target(), Path.of(input.files().get(0)));
            if (!media.enabled(cmd)) {
                return importInto(zim, journalPath, sources.get(0), null, ruleSet, clock, signals);
            }
            // The ledger sits in the journal directory, or (none given) where `media` keeps it by default.
            Path ledgerDir = journalPath != null ? journalPath : JournalHome.mediaLedgerFor(root.environment(),
                    media.mediaTo(), Path.of(input.files().get(0)));
            try (io.zimmigrate.cli.media.MediaSession session = media.open(cmd, root.environment(), ledgerDir)) {
                cmd.getErr().println("media: copying to " + session.store().describe() + ", ledger "
                        + session.ledgerFile(ledgerDir));
                return importInto(zim, journalPath, session.relocateForRun(sources.get(0)), session, ruleSet, clock,
                        signals);
            }
        }
    }

    private int importInto(Connection zim, Path journalPath, MessageSource source,
                           io.zimmigrate.cli.media.MediaSession mediaSession, RuleSet ruleSet, Clock clock,
                           StopSignals signals) throws Exception {
        CommandLine cmd = spec.commandLine();
        try (FileJournal fileJournal = journalPath == null ? null : recover
                ? JournalSetAside.openForRecovery(journalPath, root.environment().clock().instant(), cmd.getErr())
                : FileJournal.open(journalPath);
             Journal journal = fileJournal != null ? fileJournal : new InMemoryJournal();
             ScratchSpace scratch = journalPath == null ? FileScratchSpace.inSystemTemp() : FileScratchSpace.in(journalPath);
             RejectsFile rejectsFile = rejectsPath(journalPath) == null ? null : RejectsFile.open(rejectsPath(journalPath),
                     input.files().stream().map(Path::of).toList(), new RejectionLines(false), resuming(journalPath));
             ProgressReporter reporter = new ProgressReporter(cmd.getErr(), useBar(),
                     r -> { if (rejectsFile != null) { rejectsFile.write(r); } },
                     () -> { if (rejectsFile != null) { rejectsFile.flush(); } });
             var watch = watchOptions.start(cmd, journalPath, root.environment().clock(), zim.description(),
                     connection.outageLimit());
             var mediaProgress = mediaSession == null ? null
                     : new io.zimmigrate.cli.media.MediaProgress(mediaSession, cmd.getErr())) {
            cmd.getErr().println("importing into " + zim.description());
            if (mediaSession != null) { watch.tally().countMediaBytes(() -> mediaSession.copier().tally().bytesCopied()); }
            if (journalPath != null) {
                cmd.getErr().println("journal: " + journalPath + " (run the same command again to resume)");
                if (fileJournal.tornTailBytes() > 0) {
                    cmd.getErr().println("journal: dropped a torn last line (" + fileJournal.tornTailBytes()
                            + " bytes) left by a crash mid-write; that entry was never acknowledged");
                }
            }
            cmd.getErr().flush();
            // Rejections settled by earlier runs are not in this run's counts, yet the history still misses them.
            JournalState before = JournalState.replay(journal);
            long rejectedEarlier = before.rejectedTasks();
            if (recover && before.fingerprint() != null) {
                cmd.getErr().println("journal: intact, nothing to rebuild (--recover); resuming from it");
            }
            Migration migration = Migration.builder()
                    .source(source).gateway(zim.gateway()).journal(journal).scratch(scratch).clock(clock)
                    .planStore(journalPath == null ? null : FilePlanStore.in(journalPath))
                    .rules(ruleSet).qps(qps).maxInFlight(zim.maxInFlight()).onReject(onReject).provision(provision).laneOrder(laneOrder)
                    .freshJournal(freshJournal(zim))
                    .groupOwner(groupOwner == null ? null : owner(cmd)).listener(watch.around(sayingWhichPlan(reporter, cmd)))
                    .sendGate(mediaSession == null ? io.zimmigrate.core.engine.SendGate.OPEN : mediaSession.sendGate())
                    .build();
            signals.stops(migration::stop);
            MigrationReport report = migration.run();
            if (!report.stoppedEarly()) {
                watch.finished();
            }
            reporter.close();
            input.writeIdMap(List.of(source), cmd.getErr());
            if (output.json()) {
                io.zimmigrate.cli.output.RunReportJson.print(cmd.getOut(), report, zim.isRehearsal(), journalPath, watch.tally());
            } else {
                RunReportPrinter.print(cmd.getOut(), report, rejectedEarlier, zim.isRehearsal(), journalPath == null,
                        reporter.deltaSummary());
                io.zimmigrate.cli.output.RejectionReasons.print(cmd.getOut(), watch.tally(), rejectsPath(journalPath));
            }
            if (mediaProgress != null) {
                mediaProgress.printSummary(output.json() ? cmd.getErr() : cmd.getOut());
            }
            if (report.stoppedEarly()) {
                return ExitCodes.STOPPED;
            }
            boolean deltaNotSent = reporter.deltaSummary() != null && reporter.deltaSummary().notSent() > 0;
            return report.hasRejections() || rejectedEarlier > 0 || deltaNotSent ? ExitCodes.REJECTED : ExitCodes.OK;
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

    /**
     * A new journal checks ZIM before its first import unless told otherwise; a rehearsal's in-process emulator
     * starts empty every time, so it has nothing to check.
     */
    private FreshJournal freshJournal(Connection zim) {
        if (recover) {
            return FreshJournal.RECOVER_FROM_ZIM;
        }
        return allowDuplicates || zim.isRehearsal() ? FreshJournal.IMPORT_REGARDLESS : FreshJournal.CHECK_ZIM;
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
                } else if (event instanceof io.zimmigrate.core.engine.MigrationEvent.ZimChecked c && c.messagesFound() == 0) {
                    cmd.getErr().println("new journal: ZIM holds none of this input in the newest messages of the "
                            + c.timelines() + " largest timelines (" + c.requests() + " reads); importing");
                    cmd.getErr().flush();
                } else if (event instanceof io.zimmigrate.core.engine.MigrationEvent.JournalRebuilt j) {
                    cmd.getErr().println("journal rebuilt from ZIM: " + j.timelines() + " timelines read back ("
                            + j.requests() + " reads), " + j.timelinesHolding() + " of them already hold messages of "
                            + "this input; continuing after them");
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
        var checked = io.zimmigrate.core.rules.IdRules.strict().user("--group-owner", groupOwner);
        if (!checked.isValid()) {
            throw new CommandLine.ParameterException(cmd, checked.violations().get(0).toString());
        }
        return checked.orElseThrow();
    }

    /** --rejects, or by default rejects.jsonl in the journal directory, so every rejection is always kept somewhere. */
    private Path rejectsPath(Path journalPath) {
        return rejects != null ? rejects : journalPath == null ? null : journalPath.resolve("rejects.jsonl");
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

    static final class LaneOrderConverter implements CommandLine.ITypeConverter<io.zimmigrate.core.engine.LaneOrder> {
        @Override
        public io.zimmigrate.core.engine.LaneOrder convert(String value) {
            return switch (value) {
                case "critical-path" -> io.zimmigrate.core.engine.LaneOrder.CRITICAL_PATH;
                case "deadline-first" -> io.zimmigrate.core.engine.LaneOrder.NEAREST_DEADLINE_FIRST;
                default -> throw new CommandLine.TypeConversionException(
                        "expected critical-path or deadline-first, not '" + value + "'");
            };
        }
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

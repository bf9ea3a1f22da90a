package io.zimmigrate.cli.run;

import io.zimmigrate.cli.CliEnvironment;
import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.cli.UserException;
import io.zimmigrate.cli.connect.Connection;
import io.zimmigrate.cli.media.MediaProgress;
import io.zimmigrate.cli.media.MediaSession;
import io.zimmigrate.cli.output.RunWatchOptions;
import io.zimmigrate.cli.validate.RejectionLines;
import io.zimmigrate.cli.validate.RejectsFile;
import io.zimmigrate.core.engine.FreshJournal;
import io.zimmigrate.core.engine.LaneOrder;
import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationEvent;
import io.zimmigrate.core.engine.MigrationException;
import io.zimmigrate.core.engine.MigrationListener;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.engine.OnReject;
import io.zimmigrate.core.engine.SendGate;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.journal.JournalSummary;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.Journal;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.files.journal.FileJournal;
import io.zimmigrate.files.journal.FilePlanStore;
import io.zimmigrate.files.scratch.FileScratchSpace;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * One {@code run} from its journal being opened to its summary: opens the journal (or rebuilds it, --recover), the
 * scratch space, the rejects file, the progress display and the watchers; imports one input, or for {@code --follow}
 * one input after another as it grows, all with the same journal; prints the summary and says the exit code. The
 * options and their checks stay with {@link RunCommand}.
 */
final class RunSession {
    /** What the command's options decided, for this session. */
    record Settings(RuleSet rules, Clock clock, int qps, OnReject onReject, boolean provision, UserId groupOwner,
                    LaneOrder laneOrder, boolean recover, boolean allowDuplicates, boolean progressBar, boolean json,
                    Path rejects, List<Path> inputs, io.zimmigrate.core.engine.LatePolicy late,
                    java.time.Duration landingHorizon) {}

    /** The imports of one session: one for a plain run, one per growth of the input for --follow. */
    interface Imports {
        /** Runs the imports through {@code session}; returns the exit code. */
        int run(RunSession session) throws Exception;
    }

    private final Settings settings;
    private final CliEnvironment env;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Connection zim;
    private final Path journalPath;
    private final MediaSession media;
    private final StopSignals signals;
    private Journal journal;
    private ScratchSpace scratch;
    private ProgressReporter reporter;
    private RunWatchOptions.Watch watch;
    private long rejectedEarlier;
    private boolean journalReplayed;
    /** What one growth of --follow leaves for the next (the IDs of the input so far): issue 15. */
    private final io.zimmigrate.core.plan.GrowthMemory growthMemory = new io.zimmigrate.core.plan.GrowthMemory();
    /** In the journal directory: how much of the rejects file is settled (RejectsFile, issue 15). */
    static final String REJECTS_SETTLED = "rejects.settled";

    RunSession(Settings settings, CliEnvironment env, PrintWriter out, PrintWriter err, Connection zim,
               Path journalPath, MediaSession media, StopSignals signals) {
        this.settings = settings;
        this.env = env;
        this.out = out;
        this.err = err;
        this.zim = zim;
        this.journalPath = journalPath;
        this.media = media;
        this.signals = signals;
    }

    /** Opens everything a run writes to, runs {@code imports} and closes it all again, whatever happens. */
    int open(picocli.CommandLine cmd, RunWatchOptions watchOptions, java.time.Duration outageLimit, Imports imports)
            throws Exception {
        Path rejectsPath = rejectsPath();
        try (FileJournal fileJournal = journalPath == null ? null : settings.recover()
                ? JournalSetAside.openForRecovery(journalPath, env.clock().instant(), err)
                : FileJournal.open(journalPath);
             Journal journal = fileJournal != null ? fileJournal : new InMemoryJournal();
             ScratchSpace scratch = journalPath == null ? FileScratchSpace.inSystemTemp() : FileScratchSpace.in(journalPath);
             RejectsFile rejectsFile = rejectsPath == null ? null : RejectsFile.open(rejectsPath, settings.inputs(),
                     new RejectionLines(false), resuming(), journalPath == null ? null
                             : journalPath.resolve(REJECTS_SETTLED));
             ProgressReporter reporter = new ProgressReporter(err, settings.progressBar(),
                     r -> { if (rejectsFile != null) { rejectsFile.write(r); } },
                     () -> { if (rejectsFile != null) { rejectsFile.flush(); } },
                     () -> { if (rejectsFile != null) { rejectsFile.settle(); } });
             var watch = watchOptions.start(cmd, journalPath, env.clock(), zim.description(), outageLimit);
             var mediaProgress = media == null ? null : new MediaProgress(media, err)) {
            err.println("importing into " + zim.description());
            if (media != null) {
                watch.tally().countMediaBytes(() -> media.copier().tally().bytesCopied());
            }
            if (journalPath != null) {
                err.println("journal: " + journalPath + " (run the same command again to resume)");
                if (fileJournal.tornTailBytes() > 0) {
                    err.println("journal: dropped a torn last line (" + fileJournal.tornTailBytes()
                            + " bytes) left by a crash mid-write; that entry was never acknowledged");
                }
            }
            err.flush();
            this.journal = journal;
            this.scratch = scratch;
            this.reporter = reporter;
            this.watch = watch;
            // Rejections settled by earlier runs come from the engine's own replay of the log (JournalReplayed);
            // reading the log a second time here cost a resume about a tenth of a second (P6).
            if (settings.recover() && JournalSummary.head(journal).fingerprint() != null) {
                err.println("journal: intact, nothing to rebuild (--recover); resuming from it");
            }
            int exit = imports.run(this);
            if (rejectsFile != null) {
                rejectsFile.settle(); // the run ended, its journal flushed: a resume reports none of it again
            }
            if (mediaProgress != null) {
                mediaProgress.printSummary(settings.json() ? err : out);
            }
            return exit;
        } catch (MigrationException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** The input as the media session rewrites it (attachments pointing at their copies), or as it is. */
    MessageSource forRun(MessageSource source) {
        return media == null ? source : media.relocateForRun(source);
    }

    /**
     * Imports {@code source} with the session's journal: a first import, a resume, or a delta of a grown input.
     * Stops when a stop signal arrives (then, or before).
     */
    MigrationReport importOnce(MessageSource source) throws InterruptedException {
        Migration migration = Migration.builder()
                .source(source).gateway(zim.gateway()).journal(journal).scratch(scratch).clock(settings.clock())
                .planStore(journalPath == null ? null : FilePlanStore.in(journalPath))
                .rules(settings.rules()).qps(settings.qps()).maxInFlight(zim.maxInFlight())
                .onReject(settings.onReject()).provision(settings.provision()).laneOrder(settings.laneOrder())
                .freshJournal(freshJournal()).lateMessages(settings.late()).growthMemory(growthMemory)
                .groupOwner(settings.groupOwner()).listener(watch.around(countingEarlierRejections(sayingWhichPlan(reporter, err))))
                .sendGate(media == null ? SendGate.OPEN : media.sendGate())
                .landingHorizonMillis(settings.landingHorizon().toMillis())
                .build();
        signals.stops(migration::stop);
        return migration.run();
    }

    /** What the last delta found (null when the last import was not a delta). */
    ProgressReporter.DeltaSummary delta() {
        return reporter.deltaSummary();
    }

    /** Whether {@code report}, one import of this session, leaves messages out of ZIM (its own or a delta's). */
    boolean leftOut(MigrationReport report) {
        ProgressReporter.DeltaSummary delta = reporter.deltaSummary();
        return report.hasRejections() || delta != null && delta.notSent() > 0;
    }

    /** Whether a stop signal (Ctrl-C, SIGTERM) arrived. */
    StopSignals signals() {
        return signals;
    }

    PrintWriter err() {
        return err;
    }

    /** Between two imports of --follow: the progress bar of the one before is done. */
    void endImport() {
        reporter.close();
        reporter.forgetDelta();
    }

    /**
     * Prints the summary of the session's last import and says the exit code: 3 stopped, 1 with rejections (this
     * run's, earlier runs', a delta's late and changed messages, or {@code rejectedBefore}: an earlier import of
     * this session had some), else 0.
     */
    int finish(MigrationReport report, MessageSource source, io.zimmigrate.cli.options.InputOptions input,
               boolean rejectedBefore) {
        if (!report.stoppedEarly()) {
            watch.finished();
        }
        reporter.close();
        input.writeIdMap(List.of(source), err);
        ProgressReporter.DeltaSummary delta = reporter.deltaSummary();
        if (settings.json()) {
            io.zimmigrate.cli.output.RunReportJson.print(out, report, zim.isRehearsal(), journalPath, watch.tally(),
                    reporter.deltaEvent(), reporter.growthEvent());
        } else {
            RunReportPrinter.print(out, report, rejectedEarlier, zim.isRehearsal(), journalPath == null, delta);
            io.zimmigrate.cli.output.RejectionReasons.print(out, watch.tally(), rejectsPath());
        }
        if (report.stoppedEarly()) {
            return ExitCodes.STOPPED;
        }
        boolean deltaNotSent = delta != null && delta.notSent() > 0;
        return report.hasRejections() || rejectedEarlier > 0 || deltaNotSent || rejectedBefore ? ExitCodes.REJECTED
                : ExitCodes.OK;
    }

    /**
     * A new journal checks ZIM before its first import unless told otherwise; a rehearsal's in-process emulator
     * starts empty every time, so it has nothing to check.
     */
    private FreshJournal freshJournal() {
        if (settings.recover()) {
            return FreshJournal.RECOVER_FROM_ZIM;
        }
        return settings.allowDuplicates() || zim.isRehearsal() ? FreshJournal.IMPORT_REGARDLESS : FreshJournal.CHECK_ZIM;
    }

    /** --rejects, or by default rejects.jsonl in the journal directory, so every rejection is always kept somewhere. */
    private Path rejectsPath() {
        return settings.rejects() != null ? settings.rejects()
                : journalPath == null ? null : journalPath.resolve("rejects.jsonl");
    }

    private boolean resuming() {
        return journalPath != null && Files.exists(journalPath.resolve(FileJournal.LOG_FILE));
    }

    /** Says whether a resume reuses the plan kept in the journal directory, and if not why, then reports as usual. */
    /**
     * Keeps the count of rejections settled before this session, from the first import's replay of the journal (a
     * later import of --follow finds this session's own among them, which {@code rejectedBefore} counts already).
     */
    private MigrationListener countingEarlierRejections(MigrationListener next) {
        return new MigrationListener() {
            @Override
            public void onEvent(MigrationEvent event) {
                if (event instanceof MigrationEvent.JournalReplayed replayed && !journalReplayed) {
                    journalReplayed = true;
                    rejectedEarlier = replayed.rejectedEarlier();
                }
                next.onEvent(event);
            }

            @Override
            public void onRejection(Rejection rejection) {
                next.onRejection(rejection);
            }
        };
    }

    private static MigrationListener sayingWhichPlan(ProgressReporter reporter, PrintWriter err) {
        return new MigrationListener() {
            @Override
            public void onEvent(MigrationEvent event) {
                if (event instanceof MigrationEvent.PlanSource p) {
                    err.println(p.reused() ? "resuming with the plan kept in the journal (" + p.reason() + ")"
                            : "planning the input again: " + p.reason());
                    err.flush();
                } else if (event instanceof MigrationEvent.ZimChecked c && c.messagesFound() == 0) {
                    err.println("new journal: ZIM holds none of this input in the newest messages of the "
                            + c.timelines() + " largest timelines (" + c.requests() + " reads); importing");
                    err.flush();
                } else if (event instanceof MigrationEvent.JournalRebuilt j) {
                    err.println("journal rebuilt from ZIM: " + j.timelines() + " timelines read back ("
                            + j.requests() + " reads), " + j.timelinesHolding() + " of them already hold messages of "
                            + "this input; continuing after them" + (j.lateToAppend() == 0 ? ""
                            : " (" + j.lateToAppend() + " late messages a delta had not appended yet go first)"));
                    err.flush();
                }
                reporter.onEvent(event);
            }

            @Override
            public void onRejection(Rejection rejection) {
                reporter.onRejection(rejection);
            }
        };
    }
}

package io.zimmigrate.cli.run;

import io.zimmigrate.cli.UserException;
import io.zimmigrate.cli.ZimMigrate;
import io.zimmigrate.cli.connect.Connection;
import io.zimmigrate.cli.connect.ConnectionOptions;
import io.zimmigrate.cli.options.InputOptions;
import io.zimmigrate.cli.options.RuleOptions;
import io.zimmigrate.core.engine.OnReject;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.files.journal.JournalException;
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
    private io.zimmigrate.cli.connect.LandingHorizonOption landing;

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

    @Option(names = "--late", paramLabel = "reject|append", defaultValue = "reject", converter = LateConverter.class,
            description = "A delta run's new messages that are earlier than what their timeline already holds in ZIM: "
                    + "reject them (time.behind-timeline, default), or import them at the end of their timeline, "
                    + "after what it holds and before its new messages, with their original send times.")
    private io.zimmigrate.core.engine.LatePolicy late;

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

    @Mixin
    private FollowOptions follow;

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
        landing.check(cmd, connection);
        RuleSet ruleSet = rules.ruleSet(cmd);
        Clock clock = clock(cmd);
        if (qps == 0 && !connection.local()) {
            throw new CommandLine.ParameterException(cmd,
                    "--qps 0 (uncapped) is only for an emulator: a rehearsal, or an --endpoint on this machine");
        }
        // Opened before the input, since its HTTP stack then starts on another core while the input is sniffed and
        // opened (P6: about 0.2 s sooner to the first request); closed again if the input is refused.
        try (Connection zim = Connection.open(connection, root.environment(), clock, qps, ruleSet.retention().days(),
                provision)) {
            List<MessageSource> sources = media.enabled(cmd) ? input.open(cmd, media.sourceOptions()) : input.open(cmd);
            if (sources.size() != 1) {
                throw new CommandLine.ParameterException(cmd, "run takes one FILE (a journal belongs to one input)");
            }
            follow.check(cmd, sources.get(0), journalDir != null);
            // Found once the connection options are known to be good, so their errors come first.
            Path journalPath = journalDir != null ? journalDir.toAbsolutePath().normalize()
                    : connection.rehearsal() ? null
                    : JournalHome.journalFor(root.environment(), connection.target(), Path.of(input.files().get(0)));
            RunSession.Settings settings = new RunSession.Settings(ruleSet, clock, qps, onReject, provision,
                    groupOwner == null ? null : owner(cmd), laneOrder, recover, allowDuplicates, useBar(), output.json(),
                    rejects, input.files().stream().map(Path::of).toList(), late, landing.horizon(connection));
            if (!media.enabled(cmd)) {
                return new RunSession(settings, root.environment(), cmd.getOut(), cmd.getErr(), zim, journalPath, null,
                        signals).open(cmd, watchOptions, connection.outageLimit(), imports(sources.get(0)));
            }
            // The ledger sits in the journal directory, or (none given) where `media` keeps it by default.
            Path ledgerDir = journalPath != null ? journalPath : JournalHome.mediaLedgerFor(root.environment(),
                    media.mediaTo(), Path.of(input.files().get(0)));
            try (io.zimmigrate.cli.media.MediaSession session = media.open(cmd, root.environment(), ledgerDir)) {
                cmd.getErr().println("media: copying to " + session.store().describe() + ", ledger "
                        + session.ledgerFile(ledgerDir));
                return new RunSession(settings, root.environment(), cmd.getOut(), cmd.getErr(), zim, journalPath,
                        session, signals).open(cmd, watchOptions, connection.outageLimit(), imports(sources.get(0)));
            }
        }
    }

    /** One import of the input, or (--follow) one after each growth of it. */
    private RunSession.Imports imports(MessageSource source) {
        if (follow.enabled()) {
            return follow.loop(source, root.environment().clock(), input);
        }
        return session -> {
            MessageSource relocated = session.forRun(source);
            return session.finish(session.importOnce(relocated), relocated, input, false);
        };
    }

    /**
     * Loads and warms Jackson's databind (about 0.4 s of class loading on a fresh JVM, needed to encode the first
     * request) on a second core while this thread parses options, connects and replays the journal: a resumed run
     * sends its first message that much sooner (docs/performance.md, P6). Only encodes a made-up body, and prints a
     * made-up JSON tree as the status file does when the plan is known (its first write, on the engine thread just
     * before the first send, loaded ~30 classes there); failures are left for the real first use to report.
     */
    private static void warmUpJsonInBackground() {
        Thread warm = new Thread(() -> {
            try {
                io.zimmigrate.core.wire.ZimJson.encode(new io.zimmigrate.core.wire.ImportGroupMsgRequest("u", "g", 1, 1,
                        new io.zimmigrate.core.wire.WireBody("warm-up", null), null, null, 1L));
                com.fasterxml.jackson.databind.node.ObjectNode status =
                        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
                status.putObject("calls").put("sent", 1L);
                status.putArray("first").addObject().put("reason", "warm-up");
                status.toString();
            } catch (RuntimeException | LinkageError ignored) {
                // the real first request will meet (and report) the same problem
            }
        }, "zim-migrate-warm-up");
        warm.setDaemon(true);
        warm.start();
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

    /** {@code --late}: reject or append (also {@code plan --late}). */
    public static final class LateConverter implements CommandLine.ITypeConverter<io.zimmigrate.core.engine.LatePolicy> {
        @Override
        public io.zimmigrate.core.engine.LatePolicy convert(String value) {
            return switch (value.toLowerCase()) {
                case "reject" -> io.zimmigrate.core.engine.LatePolicy.REJECT;
                case "append" -> io.zimmigrate.core.engine.LatePolicy.APPEND;
                default -> throw new CommandLine.TypeConversionException("expected reject or append, not " + value);
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

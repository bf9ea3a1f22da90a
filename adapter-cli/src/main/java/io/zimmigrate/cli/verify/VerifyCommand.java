package io.zimmigrate.cli.verify;

import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.cli.ZimMigrate;
import io.zimmigrate.cli.connect.Connection;
import io.zimmigrate.cli.connect.ConnectionOptions;
import io.zimmigrate.cli.options.InputOptions;
import io.zimmigrate.cli.options.RuleOptions;
import io.zimmigrate.core.engine.BlockingEngineLoop;
import io.zimmigrate.core.engine.Verification;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.files.scratch.FileScratchSpace;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code zim-migrate verify}: reads every timeline back and reports missing, duplicated and out-of-order messages. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Read every timeline of FILE back from ZIM and report missing, duplicated and out-of-order messages.",
        footer = {"", "Exit codes: 0 every timeline as expected, 1 differences found, 2 usage or configuration error."})
public final class VerifyCommand implements Callable<Integer> {
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
    private io.zimmigrate.cli.output.OutputOption output;

    @Option(names = "--qps", paramLabel = "N", defaultValue = "20", description = "Queries per second. Default: ${DEFAULT-VALUE}.")
    private int qps;

    @Option(names = "--late", paramLabel = "reject|append", defaultValue = "reject",
            converter = io.zimmigrate.cli.run.RunCommand.LateConverter.class,
            description = "What the delta runs did with late messages. append: a message that ZIM holds after one that "
                    + "sorts after it is a late one appended at the end of its timeline, counted as such, not as out of "
                    + "order (appended ones of a delta in send-time order among themselves). Default: ${DEFAULT-VALUE}.")
    private io.zimmigrate.core.engine.LatePolicy late;

    @Override
    public Integer call() throws InterruptedException {
        CommandLine cmd = spec.commandLine();
        if (connection.rehearsal()) {
            throw new CommandLine.ParameterException(cmd, "verify needs --endpoint URL or --region NAME: it reads "
                    + "back what a run imported there (a rehearsal's emulator is gone once the run ends)");
        }
        if (qps < 0) {
            throw new CommandLine.ParameterException(cmd, "--qps must be 0 (uncapped, emulator only) or more, not " + qps);
        }
        connection.check(cmd);
        RuleSet ruleSet = rules.ruleSet(cmd);
        Clock clock = root.environment().clock();
        long now = rules.nowMillis(clock);
        try (FileScratchSpace scratch = FileScratchSpace.inSystemTemp();
             Connection zim = Connection.open(connection, root.environment(), clock, qps, ruleSet.retention().days(), false)) {
            // Verify provisions nothing: the groups' members are let go before the long read back (issue #13).
            Plan plan = input.planTheOneFile(cmd, ruleSet, now, scratch).withoutGroups();
            cmd.getErr().println("reading " + plan.timelines().size() + " timelines back from " + zim.description());
            // A timeline bigger than a pass is read back into the scratch space (issue #13).
            Verification.Report report = new Verification(zim.gateway(), new BlockingEngineLoop(clock), qps,
                    new java.util.SplittableRandom(1), late, scratch)
                    .reporting(new VerifyProgress(cmd.getErr(), clock::millis)).verify(plan);
            var out = cmd.getOut();
            if (output.json()) {
                io.zimmigrate.cli.output.VerifyJson.print(out, report);
                return report.ok() ? ExitCodes.OK : ExitCodes.REJECTED;
            }
            for (Verification.TimelineCheck c : report.differences()) {
                out.printf("%s: expected %d, found %d: %d missing, %d duplicated, %d out of order%s%n", c.timeline(),
                        c.expected(), c.found(), c.missing(), c.duplicated(), c.outOfOrder(),
                        c.error() == null ? "" : " (" + c.error() + ")");
            }
            if (report.differencesNotKept() > 0) {
                out.printf("… and %d more timelines with differences%n", report.differencesNotKept());
            }
            out.printf("timelines: %d, missing: %d, duplicated: %d, out of order: %d%s%n", report.timelines(),
                    report.missing(), report.duplicated(), report.outOfOrder(), late == io.zimmigrate.core.engine.LatePolicy.APPEND
                            ? ", appended late: " + report.appendedLate() : "");
            out.println(report.ok() ? "OK: every timeline holds exactly its messages, in order"
                    + (report.appendedLate() > 0 ? " (late ones appended at the end, as --late append imports them)." : ".")
                    : "DIFFERENCES FOUND (messages ZIM refused show as missing; compare with the rejects file"
                    + (late == io.zimmigrate.core.engine.LatePolicy.REJECT && report.outOfOrder() > 0
                    ? "; if the delta runs used --late append, verify with --late append" : "") + ").");
            out.flush();
            return report.ok() ? ExitCodes.OK : ExitCodes.REJECTED;
        }
    }
}

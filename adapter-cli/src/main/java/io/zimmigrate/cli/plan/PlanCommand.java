package io.zimmigrate.cli.plan;

import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.cli.ZimMigrate;
import io.zimmigrate.cli.options.InputOptions;
import io.zimmigrate.cli.options.RuleOptions;
import io.zimmigrate.core.plan.Forecast;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.files.scratch.FileScratchSpace;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code zim-migrate plan}: what a run would do (timelines, calls, time at the cap, expiring messages); sends nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show the timelines, import calls, time at the cap, and messages that would expire first.",
        footer = {"", "Exit codes: 0 nothing rejected, 1 some records rejected, 2 usage or input error."})
public final class PlanCommand implements Callable<Integer> {
    @ParentCommand
    private ZimMigrate root;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private InputOptions input;

    @Mixin
    private RuleOptions rules;

    @Mixin
    private io.zimmigrate.cli.output.OutputOption output;

    @Option(names = "--qps", paramLabel = "N", defaultValue = "20",
            description = "Requests per second per action. Default: ${DEFAULT-VALUE}.")
    private int qps;

    @Option(names = "--journal", paramLabel = "DIR",
            description = "The journal of an earlier run: also show the delta a run of this input with it would "
                    + "import (new, late, changed, missing) and its time at the cap.")
    private java.nio.file.Path journalDir;

    @Option(names = "--late", paramLabel = "reject|append", defaultValue = "reject",
            converter = io.zimmigrate.cli.run.RunCommand.LateConverter.class,
            description = "With --journal: show the delta as a run with the same --late would import it (append: the "
                    + "late messages are imported at the end of their timelines). Default: ${DEFAULT-VALUE}.")
    private io.zimmigrate.core.engine.LatePolicy late;

    @Option(names = "--round-trip-ms", paramLabel = "MS", defaultValue = "150",
            description = "Round trip of one request to ZIM assumed for the forecast (a timeline takes one call per "
                    + "round trip). Default: ${DEFAULT-VALUE} ms; a run measures its own.")
    private long roundTripMillis;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        if (qps < 0) {
            throw new CommandLine.ParameterException(cmd, "--qps must be 0 (uncapped) or more, not " + qps);
        }
        if (roundTripMillis < 0) {
            throw new CommandLine.ParameterException(cmd, "--round-trip-ms must be 0 or more, not " + roundTripMillis);
        }
        RuleSet ruleSet = rules.ruleSet(cmd);
        long now = rules.nowMillis(root.environment().clock());
        try (FileScratchSpace scratch = FileScratchSpace.inSystemTemp()) {
            Plan plan = input.planTheOneFile(cmd, ruleSet, now, scratch);
            Forecast f = Forecast.of(plan, qps, ruleSet.retention(), now, roundTripMillis);
            var out = cmd.getOut();
            if (output.json()) {
                io.zimmigrate.cli.output.PlanJson.print(out, plan, f, qps, ruleSet.retention().days());
                return plan.rejectedRecords() == 0 ? ExitCodes.OK : ExitCodes.REJECTED;
            }
            out.printf("messages read:         %d (%d valid, %d rejected; run validate for details)%n",
                    plan.recordsRead(), plan.validMessages(), plan.rejectedRecords());
            out.printf("conversations:         %d group, %d one-to-one%n", plan.groupConversations(),
                    plan.oneToOneConversations());
            out.printf("timelines:             %d%n", plan.timelines().size());
            out.printf("import calls:          %d (%d ImportGroupMsg, %d ImportPeerMsg)%n", plan.importCalls(),
                    plan.groupImports(), plan.peerImports());
            out.printf("users to provision:    %d, groups: %d%n", plan.users().size(), plan.groups().size());
            out.printf("time at %d/s:          %s%n", qps, qps == 0 ? "uncapped" : duration(f.durationMillis())
                    + " at the earliest (round trip " + roundTripMillis + " ms)");
            if (qps > 0) {
                bounds(out, "ImportGroupMsg", f.group(), roundTripMillis);
                bounds(out, "ImportPeerMsg", f.peer(), roundTripMillis);
            }
            out.printf("would expire first:    %d calls (their messages leave the %d-day window before their turn)%n",
                    f.expiringCalls(), ruleSet.retention().days());
            out.printf("input order:           %s%n", plan.inputWasOrdered() ? "chronological" : "sorted on disk");
            if (journalDir != null) {
                DeltaLines.print(out, journalDir, plan, qps, late);
            }
            out.flush();
            return plan.rejectedRecords() == 0 ? ExitCodes.OK : ExitCodes.REJECTED;
        }
    }

    /** One action's two bounds: its calls at the cap, its longest timeline at one call per round trip. */
    private static void bounds(java.io.PrintWriter out, String action, Forecast.ActionForecast a, long rtt) {
        if (a.calls() == 0) {
            return;
        }
        out.printf("  %-19s %s by the cap (%d calls), %s by its longest timeline (%d calls × %d ms)%n",
                action + ":", duration(a.byCapMillis()), a.calls(), duration(a.byChainMillis()), a.longestTimeline(), rtt);
    }

    private static String duration(long millis) {
        long s = millis / 1000;
        return String.format("%dh %02dm %02ds", s / 3600, s / 60 % 60, s % 60);
    }
}

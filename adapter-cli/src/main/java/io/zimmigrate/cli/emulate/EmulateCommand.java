package io.zimmigrate.cli.emulate;

import io.zimmigrate.cli.ZimMigrate;
import io.zimmigrate.cli.options.SecretOptions;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.Faults;
import io.zimmigrate.emulator.MediaReadBack;
import io.zimmigrate.emulator.ZimEmulator;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code zim-migrate emulate}: a local ZIM stand-in in the foreground, for rehearsals, tests and benchmarks. */
@Command(name = "emulate", mixinStandardHelpOptions = true,
        description = "Run a local ZIM emulator (same wire format, rules and cap; faults on demand) until Ctrl-C.")
public final class EmulateCommand implements Callable<Integer> {
    @ParentCommand
    private ZimMigrate root;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private SecretOptions secret;

    @Option(names = "--port", defaultValue = "0", description = "Port on 127.0.0.1 (0: a free one). Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--app-id", defaultValue = "1", description = "The AppId it accepts. Default: ${DEFAULT-VALUE}.")
    private long appId;

    @Option(names = "--qps", defaultValue = "20", description = "Cap per action per second (0: none). Default: ${DEFAULT-VALUE}.")
    private int qps;

    @Option(names = "--retention-days", defaultValue = "30", description = "Retention window. Default: ${DEFAULT-VALUE}.")
    private int retentionDays;

    @Option(names = "--require-provisioned", description = "Refuse imports from unregistered users and into unknown groups.")
    private boolean requireProvisioned;

    @Option(names = "--max-group-members", defaultValue = "2000", description = "Members a group may have, its owner "
            + "included (ZIM: Free 20, Pro 200, Enterprise 2,000, adjustable). Default: ${DEFAULT-VALUE}.")
    private int maxGroupMembers;

    @Option(names = "--busy-rate", defaultValue = "0", description = "Share of requests answered 'busy' (code 1).")
    private double busyRate;

    @Option(names = "--error-rate", defaultValue = "0", description = "Share of requests answered HTTP 500, not applied.")
    private double errorRate;

    @Option(names = "--lost-rate", defaultValue = "0", description = "Share of requests applied, then left unanswered.")
    private double lostRate;

    @Option(names = "--late-rate", defaultValue = "0",
            description = "Share of requests taken in, left unanswered, and applied --late-ms later (a server that "
                    + "applies a request long after the client gave up on it).")
    private double lateRate;

    @Option(names = "--late-ms", defaultValue = "5000", description = "How late --late-rate's requests are applied. "
            + "Default: ${DEFAULT-VALUE}.")
    private long lateMillis;

    @Option(names = "--answer-delay-ms", defaultValue = "0", description = "Delay every answer by this many ms.")
    private long answerDelay;

    @Option(names = "--media-read-back", defaultValue = "documented", paramLabel = "documented|as-sent",
            description = "How queries return media and multi-item bodies: documented (ZIM's URL-encoded snake_case "
                    + "JSON) or as-sent (the body exactly as imported). Default: ${DEFAULT-VALUE}.")
    private String mediaReadBack;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the fault dice. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Override
    public Integer call() throws InterruptedException {
        CommandLine cmd = spec.commandLine();
        String bad = port < 0 || port > 65_535 ? "--port must be 0 to 65535, not " + port
                : appId <= 0 ? "--app-id must be a positive AppId, not " + appId
                : qps < 0 ? "--qps must be 0 (no cap) or more, not " + qps : null;
        if (bad != null) {
            throw new CommandLine.ParameterException(cmd, bad);
        }
        ZimEmulator emulator;
        try {
            emulator = ZimEmulator.start(EmulatorConfig.builder().port(port).appId(appId)
                    .secret(secret.resolve(root.environment())).qps(qps).retentionDays(retentionDays)
                    .requireProvisioned(requireProvisioned).maxGroupMembers(maxGroupMembers).seed(seed)
                    .answerDelay(Duration.ofMillis(answerDelay))
                    .faults(new Faults(busyRate, errorRate, lostRate, 0, Duration.ZERO, lateRate,
                            Duration.ofMillis(lateMillis)))
                    .mediaReadBack(readBackForm(cmd))
                    .clock(root.environment().clock()).build());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof java.net.BindException) {
                throw new CommandLine.ParameterException(cmd, "--port " + port + " is in use on 127.0.0.1; choose "
                        + "another port, or 0 for a free one");
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }));
        cmd.getOut().println(emulator.baseUri());
        cmd.getOut().flush();
        stopped.await();
        return 0;
    }

    private MediaReadBack readBackForm(CommandLine cmd) {
        try {
            return MediaReadBack.ofOptionName(mediaReadBack);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "--media-read-back must be one of " + MediaReadBack.names()
                    + ", not '" + mediaReadBack + "'");
        }
    }
}

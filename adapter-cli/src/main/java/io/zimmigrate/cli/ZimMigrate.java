package io.zimmigrate.cli;

import io.zimmigrate.cli.emulate.EmulateCommand;
import io.zimmigrate.cli.media.MediaCommand;
import io.zimmigrate.cli.plan.PlanCommand;
import io.zimmigrate.cli.run.RunCommand;
import io.zimmigrate.cli.sign.SignCommand;
import io.zimmigrate.cli.verify.VerifyCommand;
import io.zimmigrate.cli.validate.ValidateCommand;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code zim-migrate} command. Each subcommand is its own class, listed in {@link #SUBCOMMANDS} below; a new
 * one reaches the world through {@link #environment()} and reports failures by throwing (see {@link ErrorHandler}).
 */
@Command(name = "zim-migrate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Moves chat history into ZEGOCLOUD ZIM through its import APIs.",
        footer = {"", "Exit codes: 0 done, 1 some records rejected, 2 usage or input error, 3 internal error.",
                "Documentation: docs/cli.md"})
public final class ZimMigrate implements Callable<Integer> {
    /** The subcommands, in the order {@code --help} lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(ValidateCommand.class, PlanCommand.class, RunCommand.class,
            MediaCommand.class, VerifyCommand.class, io.zimmigrate.cli.status.StatusCommand.class, EmulateCommand.class,
            SignCommand.class, CommandLine.HelpCommand.class);

    private final CliEnvironment environment;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Mixin
    private io.zimmigrate.cli.config.ConfigOption config;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print stack traces of failures to stderr (never shows the ServerSecret).")
    private boolean debug;

    public ZimMigrate(CliEnvironment environment) {
        this.environment = environment;
    }

    public CliEnvironment environment() {
        return environment;
    }

    boolean debug() {
        return debug;
    }

    /** No subcommand: show what there is, and fail as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** A ready command line with every subcommand: error handling, exit codes, and output to the given writers. */
    public static CommandLine commandLine(CliEnvironment environment, PrintWriter out, PrintWriter err) {
        return commandLine(environment, out, err, SUBCOMMANDS);
    }

    /**
     * A ready command line for {@code args}: when they start with a subcommand's name (other than {@code help}), only
     * that subcommand is built. picocli reflects over every option and mixin of each command it is given, and
     * building all of them (run's above all) was about a quarter of {@code validate}'s start (P3, issue #13); any
     * other arguments (none, {@code --help}, {@code help}, a mistyped name) get them all, as before.
     */
    static CommandLine commandLine(CliEnvironment environment, PrintWriter out, PrintWriter err, String[] args) {
        return commandLine(environment, out, err, subcommandsFor(args));
    }

    static List<Class<?>> subcommandsFor(String[] args) {
        if (args.length > 0 && !args[0].equals("help")) {
            for (Class<?> sub : SUBCOMMANDS) {
                if (sub.getAnnotation(Command.class).name().equals(args[0])) {
                    return List.of(sub);
                }
            }
        }
        return SUBCOMMANDS;
    }

    private static CommandLine commandLine(CliEnvironment environment, PrintWriter out, PrintWriter err,
                                           List<Class<?>> subcommands) {
        ZimMigrate root = new ZimMigrate(environment);
        ErrorHandler errors = new ErrorHandler(root);
        CommandLine cmd = new CommandLine(root);
        // Added before the settings below, which reach only the subcommands present when they are made.
        subcommands.forEach(cmd::addSubcommand);
        cmd.setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
        shareVersion(cmd, new VersionProvider());
        return cmd;
    }

    /** So that {@code zim-migrate COMMAND --version} works for every command, including ones added later. */
    private static void shareVersion(CommandLine cmd, VersionProvider version) {
        cmd.getCommandSpec().versionProvider(version);
        cmd.getSubcommands().values().forEach(sub -> shareVersion(sub, version));
    }

    /** Runs {@code args} and returns the exit code; for the launcher and for tests. */
    public static int run(CliEnvironment environment, PrintWriter out, PrintWriter err, String... args) {
        try {
            CommandLine cmd = commandLine(environment, out, err, args);
            try {
                io.zimmigrate.cli.config.ConfiguredDefaults.install(cmd, environment, args);
            } catch (UserException e) {
                err.println("zim-migrate: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            io.zimmigrate.cli.config.SecretFilePermissions.warnIfShared(args,
                    ((io.zimmigrate.cli.config.ConfiguredDefaults) cmd.getDefaultValueProvider()).secretFile(), err);
            return cmd.execute(args);
        } catch (OutOfMemoryError e) {
            // Everything the command held is unreachable once the stack has unwound to here, so one line fits.
            HeapExhausted.report(err, args, e);
            return ExitCodes.STOPPED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    public static void main(String[] args) {
        // Before any Vert.x starts: its blocked-thread warnings, which a busy machine causes, read as plain words.
        io.zimmigrate.cli.output.OperatorVertxLogging.install();
        // UTF-8 whatever the platform's default: IDs and messages in reports are often not ASCII.
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        HeapExhausted.install(err, args);
        System.exit(run(CliEnvironment.system(), out, err, args));
    }
}

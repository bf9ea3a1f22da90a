package io.zimmigrate.cli;

import io.zimmigrate.core.port.SourceException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Turns every failure into one line on stderr and an exit code (docs/cli.md): usage and input problems exit
 * {@value ExitCodes#USAGE}, anything unexpected {@value ExitCodes#INTERNAL}. Stack traces only with
 * {@code --debug}, and never for usage errors. Arguments the parser did not recognise are not echoed beyond an
 * option's name, since a mistyped flag may carry a secret ({@code --secret=...}), and every line and stack trace
 * printed here is cleaned of the secrets this invocation was given ({@link KnownSecrets}): a secret pasted as the
 * value of another option would otherwise come back quoted in the message.
 */
final class ErrorHandler implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
    private final ZimMigrate root;

    ErrorHandler(ZimMigrate root) {
        this.root = root;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        KnownSecrets secrets = KnownSecrets.of(root.environment(), args);
        err.println(secrets.redact(name + ": " + describe(ex) + " (see '" + name + " --help')"));
        // No stack trace here even with --debug: picocli's own messages quote the raw arguments.
        err.flush();
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        String[] args = parseResult == null ? new String[0] : parseResult.originalArgs().toArray(String[]::new);
        if (ex instanceof CommandLine.ParameterException pe) {
            return handleParseException(pe, args);
        }
        PrintWriter err = cmd.getErr();
        KnownSecrets secrets = KnownSecrets.of(root.environment(), args);
        String name = cmd.getCommandSpec().qualifiedName();
        int code;
        if (com.google.common.base.Throwables.getCausalChain(ex).stream().anyMatch(OutOfMemoryError.class::isInstance)) {
            // The heap ran out on another thread (an executor's task, an event loop) and reached us wrapped.
            HeapExhausted.report(err, args, ex);
            return ExitCodes.STOPPED;
        }
        if (ex instanceof SourceException || ex instanceof UserException) {
            err.println(secrets.redact(name + ": " + ex.getMessage()));
            code = ExitCodes.USAGE;
        } else {
            err.println(secrets.redact(name + ": internal error: " + ex.getClass().getSimpleName()
                    + (ex.getMessage() == null ? "" : ": " + ex.getMessage())
                    + (root.debug() ? "" : " (run again with --debug for details)")));
            code = ExitCodes.INTERNAL;
        }
        debug(ex, err, secrets);
        err.flush();
        return code;
    }

    private static String describe(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u) {
            List<String> shown = new ArrayList<>();
            int positional = 0;
            for (String arg : u.getUnmatched()) {
                if (arg.startsWith("-")) {
                    int eq = arg.indexOf('=');
                    shown.add("'" + (eq > 0 ? arg.substring(0, eq) : arg) + "'");
                } else {
                    positional++;
                }
            }
            String what = shown.isEmpty() ? "" : "unknown option " + String.join(", ", shown);
            if (positional > 0) {
                what += (what.isEmpty() ? "" : "; ") + positional + " unexpected argument" + (positional > 1 ? "s" : "");
            }
            return what;
        }
        return ex.getMessage();
    }

    private void debug(Exception ex, PrintWriter err, KnownSecrets secrets) {
        if (root.debug()) {
            java.io.StringWriter trace = new java.io.StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            err.print(secrets.redact(trace.toString()));
        }
    }
}

package io.zimmigrate.cli.run;

import io.zimmigrate.cli.options.InputOptions;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.files.jsonl.JsonlSource;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code run --follow [--until TIME]}: keep importing what is appended to the input (issue 15, cut-over). */
final class FollowOptions {
    @Option(names = "--follow",
            description = "Keep reading FILE as it grows (appended JSON Lines, jsonl format only) and import what "
                    + "arrives, each complete line once, until Ctrl-C (exit 3, resumable) or --until. Needs --journal "
                    + "DIR: run the same command again to follow on.")
    private boolean follow;

    @Option(names = "--until", paramLabel = "TIME", converter = InstantConverter.class,
            description = "With --follow: stop once TIME (ISO-8601 instant such as 2026-12-02T06:00:00Z, or epoch "
                    + "milliseconds) is reached and everything read by then is imported; exit 0 (1 with rejections).")
    private Instant until;

    @Option(names = "--follow-poll-ms", paramLabel = "MILLIS", defaultValue = "2000", hidden = true,
            description = "With --follow: how often the input's size is checked.")
    private long pollMillis;

    boolean enabled() {
        return follow;
    }

    /** Refuses what --follow cannot do: --until alone, a format other than JSON Lines, no journal to resume. */
    void check(CommandLine cmd, MessageSource source, boolean journalKnown) {
        if (until != null && !follow) {
            throw new CommandLine.ParameterException(cmd, "--until is for --follow: a plain run ends when its input "
                    + "is imported");
        }
        if (!follow) {
            return;
        }
        if (pollMillis < 10) {
            throw new CommandLine.ParameterException(cmd, "--follow-poll-ms must be 10 or more");
        }
        if (!(source instanceof JsonlSource)) {
            throw new CommandLine.ParameterException(cmd, "--follow reads a JSON Lines file as it grows (format "
                    + "jsonl); " + source.name() + " is read as another format, whose exports are complete when "
                    + "written: import each newer export with the same --journal instead (a delta run)");
        }
        if (!journalKnown) {
            throw new CommandLine.ParameterException(cmd, "--follow needs --journal DIR: each import of the grown "
                    + "input is a delta against the plan kept in the journal directory, and the default journal is "
                    + "found by the input's content, which changes as it grows (a stopped --follow could not find it)");
        }
    }

    /** The imports of a followed input. */
    RunSession.Imports loop(JsonlSource source, Clock clock, InputOptions input) {
        return new FollowLoop(source, until, clock, pollMillis, input);
    }

    static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            String v = value.trim();
            if (v.matches("\\d{1,15}")) {
                return Instant.ofEpochMilli(Long.parseLong(v));
            }
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("expected an ISO-8601 instant (2026-12-02T06:00:00Z) "
                        + "or epoch milliseconds, not '" + value + "'");
            }
        }
    }
}

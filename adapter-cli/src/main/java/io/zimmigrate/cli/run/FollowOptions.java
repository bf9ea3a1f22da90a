package io.zimmigrate.cli.run;

import io.zimmigrate.cli.options.InputOptions;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.files.jsonl.JsonlSource;
import io.zimmigrate.files.slack.SlackSource;
import io.zimmigrate.files.stream.StreamSource;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code run --follow [--until TIME]}: keep importing what is appended to the input (issue 15, cut-over). */
final class FollowOptions {
    @Option(names = "--follow",
            description = "Keep reading FILE as it grows and import what arrives, each message once, until Ctrl-C "
                    + "(exit 3, resumable) or --until: complete lines appended to a JSON Lines file (jsonl) or a Stream "
                    + "v2 export (stream), day files "
                    + "and conversations added to an unpacked Slack export folder (slack; a file is taken once it has "
                    + "not changed for a poll). Needs --journal DIR: run the same command again to follow on.")
    private boolean follow;

    @Option(names = "--until", paramLabel = "TIME", converter = InstantConverter.class,
            description = "With --follow: stop once TIME (ISO-8601 instant such as 2026-12-02T06:00:00Z, or epoch "
                    + "milliseconds) is reached and everything read by then is imported; exit 0 (1 with rejections).")
    private Instant until;

    @Option(names = "--follow-poll-ms", paramLabel = "MILLIS", defaultValue = "2000", hidden = true,
            description = "With --follow: how often the input is looked at; a folder's file is complete once it "
                    + "has not changed for this long.")
    private long pollMillis;

    boolean enabled() {
        return follow;
    }

    /** Refuses what --follow cannot do: --until alone, an input that cannot grow, no journal to resume. */
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
        if (!followable(source)) {
            throw new CommandLine.ParameterException(cmd, "--follow reads a JSON Lines file (format jsonl), a Stream "
                    + "v2 export (stream, one entity per line) or an unpacked Slack export folder (slack) as it grows; " + source.name() + " is read as another "
                    + "format or form, whose exports are complete when written: import each newer export with the "
                    + "same --journal instead (a delta run)");
        }
        if (!journalKnown) {
            throw new CommandLine.ParameterException(cmd, "--follow needs --journal DIR: each import of the grown "
                    + "input is a delta against the plan kept in the journal directory, and the default journal is "
                    + "found by the input's content, which changes as it grows (a stopped --follow could not find it)");
        }
    }

    private static boolean followable(MessageSource source) {
        return source instanceof JsonlSource || source instanceof SlackSource && SlackSource.isFolder(source.name())
                || source instanceof StreamSource stream && stream.isLines();
    }

    /** The imports of a followed input (one {@link #check checked} to be followable). */
    RunSession.Imports loop(MessageSource source, Clock clock, InputOptions input) {
        Growth growth = source instanceof JsonlSource jsonl ? LineGrowth.of(jsonl)
                : source instanceof StreamSource stream ? new LineGrowth(stream.name(), stream.path(), stream::upTo)
                : new SlackFolderGrowth(source.name(), pollMillis, System::nanoTime);
        return new FollowLoop(growth, until, clock, pollMillis, input);
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

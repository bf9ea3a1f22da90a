package io.zimmigrate.cli.options;

import io.zimmigrate.core.rules.IdRules;
import io.zimmigrate.core.rules.Limits;
import io.zimmigrate.core.rules.RetentionWindow;
import io.zimmigrate.core.rules.RuleSet;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The flags that set ZIM's rules for the app at hand; shared by every command that checks messages. */
public final class RuleOptions {

    @Option(names = "--retention-days", paramLabel = "DAYS", defaultValue = "" + RuleSet.DEFAULT_RETENTION_DAYS,
            description = "The app's message retention in days (Free 7, Pro 30, Enterprise 90, or as raised). "
                    + "Default: ${DEFAULT-VALUE}.")
    private int retentionDays;

    @Option(names = "--now", paramLabel = "EPOCH_MS|ISO-8601", converter = NowConverter.class,
            description = "The instant the retention window is judged at. Default: the current time.")
    private Long now;

    @Option(names = "--max-message-bytes", paramLabel = "BYTES", defaultValue = "" + Limits.MESSAGE_DEFAULT,
            description = "The app's MessageBody.Message limit in UTF-8 bytes (ZEGO can raise it up to "
                    + Limits.MESSAGE_MAX + "). Default: ${DEFAULT-VALUE}.")
    private int maxMessageBytes;

    @Option(names = "--allow-space-in-ids",
            description = "Accept a space in user and group IDs (the import pages allow it, user registration does not).")
    private boolean allowSpace;

    @Option(names = "--allow-multi-item",
            description = "Accept multi-item messages (type 10), which ZIM does not confirm as importable.")
    private boolean allowMultiItem;

    /** The rules as chosen; a value out of range is a usage error of {@code cmd}. */
    public RuleSet ruleSet(CommandLine cmd) {
        if (retentionDays < 1 || retentionDays > 36_500) {
            throw new CommandLine.ParameterException(cmd,
                    "--retention-days must be between 1 and 36500, not " + retentionDays);
        }
        if (maxMessageBytes < 1 || maxMessageBytes > Limits.MESSAGE_MAX) {
            throw new CommandLine.ParameterException(cmd,
                    "--max-message-bytes must be between 1 and " + Limits.MESSAGE_MAX + ", not " + maxMessageBytes);
        }
        return new RuleSet(new RetentionWindow(retentionDays), IdRules.of(allowSpace), maxMessageBytes, allowMultiItem);
    }

    /** Whether {@code --now} was given. */
    public boolean nowGiven() {
        return now != null;
    }

    /** {@code --now}, or the clock's current time. Read once per run, so every record is judged at the same instant. */
    public long nowMillis(Clock clock) {
        return now != null ? now : clock.millis();
    }
}

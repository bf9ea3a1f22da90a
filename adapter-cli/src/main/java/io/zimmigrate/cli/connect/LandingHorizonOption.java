package io.zimmigrate.cli.connect;

import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code run --landing-horizon}: how long after an import left ZIM may still apply it. Its default and its lower
 * bound follow the connection's timeouts, so it reads them; only {@code run} sends imports, so only it has the option.
 */
public final class LandingHorizonOption {
    /** What the default landing horizon allows, beyond the request deadline, for ZIM to apply a request it took in. */
    static final int SLACK_SECONDS = 10;

    @Option(names = "--landing-horizon", paramLabel = "SECONDS",
            description = "How long after an import left ZIM may still apply it: an import whose answer was lost is "
                    + "sent again only if ZIM does not hold it this long after it left (read back again then). "
                    + "Default: --connect-timeout + --read-timeout + " + SLACK_SECONDS + ".")
    Integer seconds;

    /** Below the request deadline is a usage error (exit 2): an answer can be lost that late. */
    public void check(CommandLine cmd, ConnectionOptions connection) {
        int deadline = connection.connectTimeoutSeconds + connection.readTimeoutSeconds;
        if (seconds != null && seconds < deadline) {
            throw new CommandLine.ParameterException(cmd, "--landing-horizon must be at least --connect-timeout + "
                    + "--read-timeout (" + deadline + " s): an answer can be lost that late, not " + seconds);
        }
    }

    /**
     * The option, or the whole request deadline plus {@link #SLACK_SECONDS} that ZIM may hold a request it took in
     * (docs/decisions.md, "Late landings").
     */
    public Duration horizon(ConnectionOptions connection) {
        return Duration.ofSeconds(seconds != null ? seconds
                : connection.connectTimeoutSeconds + connection.readTimeoutSeconds + SLACK_SECONDS);
    }
}

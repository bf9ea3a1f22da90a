package io.zimmigrate.cli.media;

import io.zimmigrate.cli.CliEnvironment;
import io.zimmigrate.core.media.MediaUrlBase;
import io.zimmigrate.core.media.OnUnavailable;
import io.zimmigrate.files.mattermost.MattermostSourceProvider;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The media relocation flags, shared by {@code media} and (later) {@code run}: where attachments go, the URL they
 * are served under, how many transfers run at once, and what a message gets when its original is gone. Both of
 * {@code --media-to} and {@code --media-url-base}, or neither (no relocation).
 */
public final class MediaOptions {

    @Option(names = "--media-to", paramLabel = "DIR|s3://BUCKET/PREFIX",
            description = "Copy every attachment to this directory or S3 location (endpoint, region and credentials "
                    + "from the AWS SDK's environment and profiles, never from flags).")
    private String mediaTo;

    @Option(names = "--media-url-base", paramLabel = "URL",
            description = "The public URL the copies are served under: a message holds URL + key (at most 500 bytes).")
    private String urlBase;

    @Option(names = "--media-transfers", paramLabel = "N", defaultValue = "8",
            description = "Attachments copied at once. Default: ${DEFAULT-VALUE}.")
    private int transfers;

    @Option(names = "--media-idle-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Give up a download when the file host sends nothing for this long (retried like any "
                    + "passing failure). Default: ${DEFAULT-VALUE}.")
    private int idleTimeoutSeconds;

    @Option(names = "--media-unavailable", paramLabel = "reject|keep-original", defaultValue = "reject",
            converter = OnUnavailableConverter.class,
            description = "When an original cannot be fetched (404, 403, still failing after retries): reject the "
                    + "message (rule media.unavailable, default), or keep its original URL and count it.")
    private OnUnavailable onUnavailable;

    /** Whether media is relocated at all; a usage error when only one of the two flags is given. */
    public boolean enabled(CommandLine cmd) {
        if ((mediaTo == null) != (urlBase == null)) {
            throw new CommandLine.ParameterException(cmd, "--media-to and --media-url-base go together");
        }
        if (mediaTo != null && (transfers < 1 || transfers > 256)) {
            throw new CommandLine.ParameterException(cmd, "--media-transfers must be between 1 and 256");
        }
        if (mediaTo != null && (idleTimeoutSeconds < 1 || idleTimeoutSeconds > 3600)) {
            throw new CommandLine.ParameterException(cmd, "--media-idle-timeout must be between 1 and 3600 seconds");
        }
        if (mediaTo != null) {
            // Said before anything else is looked at (the default ledger's place needs the environment).
            urlBase(cmd);
            if (mediaTo.startsWith("s3://")) {
                try {
                    io.zimmigrate.s3.S3Location.parse(mediaTo);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(cmd, "--media-to: " + e.getMessage());
                }
            }
        }
        return mediaTo != null;
    }

    public MediaUrlBase urlBase(CommandLine cmd) {
        try {
            return MediaUrlBase.of(urlBase);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "--media-url-base: " + e.getMessage());
        }
    }

    public String mediaTo() {
        return mediaTo;
    }

    public int transfers() {
        return transfers;
    }

    public java.time.Duration idleTimeout() {
        return java.time.Duration.ofSeconds(idleTimeoutSeconds);
    }

    public OnUnavailable onUnavailable() {
        return onUnavailable;
    }

    /** What the sources need so their attachments can be relocated (Mattermost: references into the export). */
    public Map<String, Map<String, String>> sourceOptions() {
        return Map.of(MattermostSourceProvider.NAME, Map.of(MattermostSourceProvider.OPTION_ATTACHMENTS_IN_EXPORT, "true"));
    }

    /** Opens the store, fetchers and ledger; the caller closes the session. */
    public MediaSession open(CommandLine cmd, CliEnvironment environment, java.nio.file.Path journal) {
        return MediaSession.open(cmd, this, environment, journal);
    }

    Optional<String> variable(CliEnvironment environment, String name) {
        return environment.variable(name).filter(v -> !v.isBlank());
    }

    static final class OnUnavailableConverter implements CommandLine.ITypeConverter<OnUnavailable> {
        @Override
        public OnUnavailable convert(String value) {
            return switch (value) {
                case "reject" -> OnUnavailable.REJECT;
                case "keep-original" -> OnUnavailable.KEEP_ORIGINAL;
                default -> throw new CommandLine.TypeConversionException("expected reject or keep-original");
            };
        }
    }
}

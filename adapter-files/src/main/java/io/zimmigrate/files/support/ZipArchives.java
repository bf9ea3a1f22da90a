package io.zimmigrate.files.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Says why a file named {@code *.zip} cannot be read as an archive. Exports (Slack, Mattermost) arrive as zips,
 * and a cut-short download is the usual reason no format recognises one; saying so beats "unknown format".
 */
public final class ZipArchives {
    private ZipArchives() {}

    /** Why {@code location} is a {@code .zip} that does not open, or empty when it opens or is no zip at all. */
    public static Optional<String> whyUnreadable(String location) {
        Path path = Path.of(location);
        if (!location.toLowerCase(Locale.ROOT).endsWith(".zip") || !Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try (ZipFile ignored = new ZipFile(path.toFile())) {
            return Optional.empty();
        } catch (ZipException e) {
            return Optional.of(location + " is not a complete zip file (" + e.getMessage()
                    + "); the download or export may have been cut short, so fetch it again");
        } catch (IOException e) {
            return Optional.of("cannot read " + location + ": " + e.getMessage());
        }
    }
}

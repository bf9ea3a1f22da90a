package io.zimmigrate.cli.status;

import io.zimmigrate.cli.CliEnvironment;
import io.zimmigrate.cli.connect.ConnectionOptions;
import io.zimmigrate.cli.run.JournalHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The journal {@code run} keeps when given no {@code --journal}: found from the same first FILE, AppId and endpoint
 * or region, by {@link JournalHome}'s rule, so {@code status} names exactly the directory the run wrote. What is
 * missing or contradictory is a usage error naming the option.
 */
final class DefaultJournal {
    private DefaultJournal() {}

    static Path of(CommandLine cmd, CliEnvironment env, List<Path> files, Long appId, String endpoint, String region) {
        if (files.isEmpty()) {
            throw new ParameterException(cmd, "give the run's --journal DIR, or its FILE with --app-id and --endpoint "
                    + "or --region to find the journal it keeps by default");
        }
        if (endpoint != null && region != null) {
            throw new ParameterException(cmd, "give --endpoint or --region, as the run had, not both");
        }
        if (endpoint == null && region == null) {
            throw new ParameterException(cmd, "a rehearsal (no --endpoint, no --region) keeps its journal in memory, "
                    + "so there is nothing to show; give the run's --endpoint or --region");
        }
        if (appId == null) {
            throw new ParameterException(cmd, "give the run's --app-id (or set ZIM_APP_ID) to find its journal");
        }
        if (!Files.exists(files.get(0))) {
            throw new ParameterException(cmd, files.get(0) + ": no such file");
        }
        return JournalHome.journalFor(env, ConnectionOptions.target(appId, endpoint, region), files.get(0));
    }
}

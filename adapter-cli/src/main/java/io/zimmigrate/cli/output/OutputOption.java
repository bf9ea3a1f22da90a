package io.zimmigrate.cli.output;

import io.zimmigrate.cli.options.OutputFormat;
import picocli.CommandLine.Option;

/** {@code --output text|json} for commands whose summary a program may read: one JSON object on stdout. */
public final class OutputOption {
    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
            description = "How to print the summary: text (default) or json (one object on stdout; docs/cli.md).")
    private OutputFormat output;

    public boolean json() {
        return output == OutputFormat.JSON;
    }
}

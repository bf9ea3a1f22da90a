package io.zimmigrate.cli.media;

import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.cli.ZimMigrate;
import io.zimmigrate.cli.options.InputOptions;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.media.CopyTally;
import io.zimmigrate.core.media.RelocatingSource;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.rules.Rejection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code zim-migrate media}: copies every attachment of the input to the customer's store and records each in the
 * ledger of the input's journal directory, without importing anything. Run again, it copies only what is still
 * missing; a later {@code run} with the same journal and flags finds everything already stored.
 */
@Command(name = "media",
        description = "Copy the input's attachments to your own store (a directory or S3), without importing.",
        mixinStandardHelpOptions = true,
        footer = {"", "Exit codes: 0 every attachment stored, 1 some could not be fetched (messages that would be "
                + "rejected), 2 usage or input error, 3 internal error.", "See docs/media.md."})
public final class MediaCommand implements Callable<Integer> {

    @ParentCommand
    private ZimMigrate root;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private InputOptions input;

    @Mixin
    private MediaOptions media;

    @Option(names = "--journal", paramLabel = "DIR",
            description = "The directory that holds the media ledger. Default: one per store and input content "
                    + "under $XDG_STATE_HOME/zim-migrate/media (else ~/.local/state/zim-migrate/media), the one run "
                    + "uses without --journal.")
    private Path journalDir;

    @Option(names = "--show", paramLabel = "N", defaultValue = "20",
            description = "Print at most N messages whose attachments could not be copied. Default: ${DEFAULT-VALUE}.")
    private int show;

    @Override
    public Integer call() throws InterruptedException {
        CommandLine cmd = spec.commandLine();
        if (!media.enabled(cmd)) {
            throw new CommandLine.ParameterException(cmd, "media needs --media-to and --media-url-base");
        }
        List<MessageSource> sources = input.open(cmd, media.sourceOptions());
        if (sources.size() != 1) {
            throw new CommandLine.ParameterException(cmd, "media takes one FILE (a journal belongs to one input)");
        }
        Path journal = journalDir != null ? journalDir
                : io.zimmigrate.cli.run.JournalHome.mediaLedgerFor(root.environment(), media.mediaTo(), Path.of(input.files().get(0)));
        PrintWriter err = cmd.getErr();
        PrintWriter out = cmd.getOut();
        try (MediaSession session = media.open(cmd, root.environment(), journal)) {
            err.println("media: copying to " + session.store().describe() + ", ledger " + session.ledgerFile(journal));
            MessageSource relocated = session.relocate(sources.get(0));
            long messages = drain(relocated, null);
            awaitCopies(session, err);
            // A second reading, now that every copy has ended, names the messages whose originals are gone.
            List<Rejection> unavailable = new ArrayList<>();
            long keptBefore = session.keptOriginal();
            drain(relocated, unavailable);
            long kept = session.keptOriginal() - keptBefore;
            CopyTally.Snapshot t = session.copier().tally();
            out.printf("media: %d attachments in %d records%n", t.wanted(), messages);
            out.printf("  copied:          %d (%s)%n", t.copied(), bytes(t.bytesCopied()));
            out.printf("  already stored:  %d%n", t.alreadyStored());
            out.printf("  unavailable:     %d%n", t.unavailable());
            if (kept > 0) {
                out.printf("  links that keep their original URL: %d (--media-unavailable keep-original)%n", kept);
            }
            unavailable.stream().limit(Math.max(0, show)).forEach(r -> err.println("unavailable: " + r));
            if (unavailable.size() > show) {
                err.println("unavailable: ... and " + (unavailable.size() - show) + " more messages");
            }
            out.flush();
            return unavailable.isEmpty() ? ExitCodes.OK : ExitCodes.REJECTED;
        }
    }

    /** One pass over the relocated source; returns the records read and collects media rejections if asked. */
    private static long drain(MessageSource source, List<Rejection> unavailable) {
        long n = 0;
        try (MessageSource.RecordStream records = source.open()) {
            while (records.hasNext()) {
                SourceRecord r = records.next();
                n++;
                if (unavailable != null && r instanceof SourceRecord.Unreadable u && u.rejection().violations().stream()
                        .anyMatch(v -> v.rule().equals(RelocatingSource.RULE_UNAVAILABLE))) {
                    unavailable.add(u.rejection());
                }
            }
        }
        return n;
    }

    /** Waits for every transfer, printing a progress line every two seconds on stderr. */
    private static void awaitCopies(MediaSession session, PrintWriter err) throws InterruptedException {
        while (true) {
            try {
                session.copier().drained().get(2, TimeUnit.SECONDS);
                return;
            } catch (TimeoutException stillCopying) {
                CopyTally.Snapshot t = session.copier().tally();
                err.printf("media: %d/%d done, %s copied, %d unavailable%n", t.done(), t.wanted(), bytes(t.bytesCopied()), t.unavailable());
                err.flush();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a copy failed unexpectedly", e.getCause());
            }
        }
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}

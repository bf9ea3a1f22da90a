package io.zimmigrate.cli.media;

import io.zimmigrate.cli.CliEnvironment;
import io.zimmigrate.cli.UserException;
import io.zimmigrate.core.media.CopyPolicy;
import io.zimmigrate.core.media.MediaCopier;
import io.zimmigrate.core.media.MediaLink;
import io.zimmigrate.core.media.MediaRelocation;
import io.zimmigrate.core.media.RelocatingSource;
import io.zimmigrate.core.port.MediaStore;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.media.DirectoryMediaStore;
import io.zimmigrate.media.FileMediaLedger;
import io.zimmigrate.media.HostCredential;
import io.zimmigrate.media.HttpMediaFetcher;
import io.zimmigrate.media.LocalFileFetcher;
import io.zimmigrate.media.MediaFetchers;
import io.zimmigrate.s3.S3Clients;
import io.zimmigrate.s3.S3Location;
import io.zimmigrate.s3.S3MediaStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Everything a relocating command holds open: the store, the fetchers (with the sources' tokens from the
 * environment), the ledger in the journal directory, the transfer pool, and the copier over them. {@link #relocate}
 * wraps a source so the engine sees relocated bodies and the copier hears of every object as it is read.
 */
public final class MediaSession implements AutoCloseable {

    private static final long STOP_WAIT_SECONDS = 10;

    private final MediaStore store;
    private final S3Client s3;
    private final LocalFileFetcher files;
    private final FileMediaLedger ledger;
    private final ExecutorService pool;
    private final MediaCopier copier;
    private final MediaRelocation relocation;
    private final MediaOptions options;
    private final AtomicLong keptOriginal = new AtomicLong();

    private MediaSession(MediaStore store, S3Client s3, LocalFileFetcher files, FileMediaLedger ledger,
                         ExecutorService pool, MediaCopier copier, MediaRelocation relocation, MediaOptions options) {
        this.store = store;
        this.s3 = s3;
        this.files = files;
        this.ledger = ledger;
        this.pool = pool;
        this.copier = copier;
        this.relocation = relocation;
        this.options = options;
    }

    static MediaSession open(CommandLine cmd, MediaOptions options, CliEnvironment env, Path journal) {
        MediaRelocation relocation = new MediaRelocation(options.urlBase(cmd));
        S3Client s3 = null;
        MediaStore store;
        try {
            if (options.mediaTo().startsWith("s3://")) {
                S3Location location;
                try {
                    location = S3Location.parse(options.mediaTo());
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(cmd, "--media-to: " + e.getMessage());
                }
                s3 = S3Clients.fromEnvironment();
                store = new S3MediaStore(s3, location);
            } else {
                store = new DirectoryMediaStore(Path.of(options.mediaTo()));
            }
        } catch (IOException e) {
            throw new UserException("cannot use --media-to " + options.mediaTo() + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new UserException("cannot reach S3 for --media-to " + options.mediaTo() + ": " + firstLine(e.getMessage())
                    + " (set AWS_REGION, credentials and, for other stores, AWS_ENDPOINT_URL)", e);
        }
        HttpMediaFetcher.Builder http = HttpMediaFetcher.builder().idleTimeout(options.idleTimeout());
        options.variable(env, HostCredential.SLACK_TOKEN_VARIABLE).ifPresent(t -> http.credential(HostCredential.slackBot(t)));
        options.variable(env, HostCredential.SENDBIRD_TOKEN_VARIABLE).ifPresent(t -> http.credential(HostCredential.sendbird(t)));
        LocalFileFetcher files = new LocalFileFetcher();
        FileMediaLedger ledger;
        try {
            ledger = FileMediaLedger.open(journal);
        } catch (IOException e) {
            throw new UserException("cannot open the media ledger in " + journal + ": " + e.getMessage(), e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(options.transfers(), named("media-transfer"));
        MediaCopier copier = new MediaCopier(MediaFetchers.firstOf(http.build(), files), store, ledger, pool,
                CopyPolicy.DEFAULT, d -> Thread.sleep(d.toMillis()));
        return new MediaSession(store, s3, files, ledger, pool, copier, relocation, options);
    }

    /** The source as the engine must see it: relocated bodies, each object handed to the copier as read. */
    public MessageSource relocate(MessageSource source) {
        return new RelocatingSource(source, relocation, copier, options.onUnavailable(), copier::copy,
                (MediaLink link) -> keptOriginal.incrementAndGet());
    }

    /**
     * The source as {@code run} must see it: every media URL relocated whatever is known about its copy, so the
     * plan (and its fingerprint) never depends on how far copying got; the {@link #sendGate()} then decides, per
     * message, when it may go and what an unavailable original means.
     */
    public MessageSource relocateForRun(MessageSource source) {
        return new RelocatingSource(source, relocation, io.zimmigrate.core.media.MediaFailures.NONE,
                options.onUnavailable(), copier::copy, (MediaLink link) -> keptOriginal.incrementAndGet());
    }

    /** The engine's pre-send hold: a message goes once its objects are stored. */
    public io.zimmigrate.core.engine.SendGate sendGate() {
        return new io.zimmigrate.core.media.MediaSendGate(copier, relocation.base(), options.onUnavailable(),
                (MediaLink link) -> keptOriginal.incrementAndGet());
    }

    public MediaCopier copier() {
        return copier;
    }

    public MediaStore store() {
        return store;
    }

    public Path ledgerFile(Path journal) {
        return journal.resolve(FileMediaLedger.FILE_NAME);
    }

    public long keptOriginal() {
        return keptOriginal.get();
    }

    /**
     * Stops copying before anything is closed under the workers: the copier closes the originals they read (an
     * interrupt alone does not reach a worker waiting on an HTTP body), the pool is told to stop, and the ledger is
     * closed once the workers have ended (or after a bounded wait; what a late worker still records is lost, and a
     * resumed pass finds its object in the store).
     */
    @Override
    public void close() {
        copier.stop();
        pool.shutdownNow();
        try {
            pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ledger.close();
        try {
            files.close();
        } catch (IOException ignored) {
            // read-only archives: nothing to lose
        }
        if (s3 != null) {
            s3.close();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "";
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

}

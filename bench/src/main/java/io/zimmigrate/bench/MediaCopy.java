package io.zimmigrate.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.zimmigrate.core.media.CopyPolicy;
import io.zimmigrate.core.media.InMemoryMediaLedger;
import io.zimmigrate.core.media.MediaCopier;
import io.zimmigrate.core.media.MediaObject;
import io.zimmigrate.core.media.MediaReadiness;
import io.zimmigrate.core.media.Pause;
import io.zimmigrate.core.port.MediaStore;
import io.zimmigrate.media.DirectoryMediaStore;
import io.zimmigrate.media.HttpMediaFetcher;
import io.zimmigrate.s3.S3Clients;
import io.zimmigrate.s3.S3Location;
import io.zimmigrate.s3.S3MediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Media copying throughput (issue 16): N generated files of S bytes served by a loopback HTTP host, copied by the
 * real {@link MediaCopier} with the HTTP fetcher, {@code --transfers} at once, into a directory store and into an
 * S3 store on S3Proxy (in-process, filesystem blob store). The baseline, in the same run: the same downloads read
 * and thrown away by the same number of JDK-client threads. One result line, INFO (no goal).
 */
public final class MediaCopy {

    public static void main(String[] argv) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Args args = new Args(argv, Set.of());
        int files = args.integer("--files", 200);
        long size = args.number("--size-kb", 256) * 1024;
        int transfers = args.integer("--transfers", 8);
        // Made only when no --work is given: an eager default left an empty directory in /tmp on every run.
        String given = args.text("--work", null);
        Path work = given != null ? Path.of(given) : Files.createTempDirectory("media-copy");

        HttpServer host = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService hostThreads = Executors.newFixedThreadPool(16);
        host.createContext("/", x -> serve(x, size));
        host.setExecutor(hostThreads);
        host.start();
        String base = "http://127.0.0.1:" + host.getAddress().getPort();
        try {
            double raw = baseline(base, "raw", files, transfers);
            double dir = copy(new DirectoryMediaStore(work.resolve("dir")), base, "dir", files, transfers);
            double s3 = withS3Proxy(work.resolve("s3"), store -> copy(store, base, "s3", files, transfers));
            double mib = files * (double) size / (1 << 20);
            System.out.printf(Locale.ROOT, "media copy: directory %.1f MiB/s (%.0f files/s), S3Proxy %.1f MiB/s (%.0f files/s);"
                            + " baseline download only %.1f MiB/s | files=%d size=%d KiB transfers=%d INFO%n",
                    mib / dir, files / dir, mib / s3, files / s3, mib / raw, files, size / 1024, transfers);
        } finally {
            host.stop(0);
            hostThreads.shutdownNow();
        }
    }

    private static void serve(HttpExchange x, long size) throws IOException {
        try (x) {
            x.sendResponseHeaders(200, size);
            OutputStream out = x.getResponseBody();
            byte[] chunk = new byte[1 << 16];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) (i * 31 + 7);
            }
            for (long sent = 0; sent < size; ) {
                int n = (int) Math.min(chunk.length, size - sent);
                out.write(chunk, 0, n);
                sent += n;
            }
        }
    }

    /** Seconds to copy every file into the store. */
    private static double copy(MediaStore store, String base, String run, int files, int transfers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(transfers);
        try {
            MediaCopier copier = new MediaCopier(HttpMediaFetcher.builder().build(), store, new InMemoryMediaLedger(),
                    pool, CopyPolicy.DEFAULT, Pause.NONE);
            List<MediaObject> objects = new ArrayList<>();
            for (int i = 0; i < files; i++) {
                objects.add(new MediaObject(run + "/" + i + ".bin", base + "/" + run + "/" + i + ".bin"));
            }
            long start = System.nanoTime();
            MediaReadiness r = copier.whenStored(objects).get();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!r.ready()) {
                throw new IllegalStateException(run + ": " + r.unavailable().size() + " unavailable, first: " + r.unavailable().get(0));
            }
            System.err.printf(Locale.ROOT, "%s: %d files in %.2f s%n", run, files, seconds);
            return seconds;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Seconds to download every file and discard it, same concurrency, same client settings. */
    private static double baseline(String base, String run, int files, int transfers) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(transfers);
        try {
            long start = System.nanoTime();
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < files; i++) {
                URI uri = URI.create(base + "/" + run + "/" + i + ".bin");
                all.add(pool.submit(() -> {
                    try (InputStream in = client.send(HttpRequest.newBuilder(uri).build(),
                            HttpResponse.BodyHandlers.ofInputStream()).body()) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.err.printf(Locale.ROOT, "%s: %d files in %.2f s%n", run, files, seconds);
            return seconds;
        } finally {
            pool.shutdownNow();
        }
    }

    interface StoreRun {
        double run(MediaStore store) throws Exception;
    }

    private static double withS3Proxy(Path dir, StoreRun run) throws Exception {
        Files.createDirectories(dir);
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dir.toString());
        try (BlobStoreContext context = ContextBuilder.newBuilder("filesystem").credentials("bench", "bench-credential")
                .overrides(properties).build(BlobStoreContext.class)) {
            context.getBlobStore().createContainerInLocation(null, "media");
            S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "bench", "bench-credential").build();
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(5);
            }
            try (S3Client s3 = S3Clients.builderFor(URI.create("http://127.0.0.1:" + proxy.getPort()), true)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench-credential")))
                    .build()) {
                return run.run(new S3MediaStore(s3, S3Location.parse("s3://media/bench")));
            } finally {
                proxy.stop();
            }
        }
    }
}

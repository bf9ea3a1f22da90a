package io.zimmigrate.media;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.media.CopyOutcome;
import io.zimmigrate.core.media.CopyPolicy;
import io.zimmigrate.core.media.MediaCopier;
import io.zimmigrate.core.media.MediaObject;
import io.zimmigrate.core.media.MediaReadiness;
import io.zimmigrate.core.media.Pause;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copier over the real pieces: the loopback host, the HTTP fetcher, a directory store, the file ledger. */
class CopyToDirectoryTest {

    @TempDir
    Path media;
    @TempDir
    Path journal;

    private final LoopbackFileHost host;
    private final HttpMediaFetcher fetcher;

    CopyToDirectoryTest() throws IOException {
        host = new LoopbackFileHost("xoxb-t");
        fetcher = HttpMediaFetcher.builder().timeout(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void stop() {
        host.close();
    }

    private static MediaObject object(int i, LoopbackFileHost host) {
        return new MediaObject(String.format("k%02d/f%02d.bin", i, i), host.url("/f" + i + ".bin"));
    }

    @Test
    void killedMidCopyAndResumedNothingStoredIsDownloadedOrUploadedTwice() throws Exception {
        List<MediaObject> objects = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            host.put("/f" + i + ".bin", ("content " + i).repeat(1000).getBytes(UTF_8));
            if (i >= 5) {
                host.stall("/f" + i + ".bin", 1000); // in flight when the process dies, its body half sent
            }
            objects.add(object(i, host));
        }
        // first pass: 5 copies complete, 3 hang mid-body, 4 wait in the queue; then the process is stopped the way
        // MediaSession.close stops it
        CountingStore first = new CountingStore(new DirectoryMediaStore(media));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        FileMediaLedger ledger = FileMediaLedger.open(journal);
        MediaCopier copier = new MediaCopier(fetcher, first, ledger, pool, CopyPolicy.DEFAULT, Pause.NONE);
        objects.forEach(copier::copy);
        awaitUntil(() -> ledger.size() == 5 && host.stalledNow() == 3);
        copier.stop();
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        ledger.close();
        host.resume();
        List<String> storedFirst = objects.stream().map(MediaObject::key).filter(k -> first.uploads(k) == 1).toList();
        assertThat(storedFirst).hasSize(5);

        // resumed: everything ends stored, and what the first pass stored is not touched again
        CountingStore second = new CountingStore(new DirectoryMediaStore(media));
        ExecutorService pool2 = Executors.newFixedThreadPool(3);
        try (FileMediaLedger resumed = FileMediaLedger.open(journal)) {
            MediaCopier again = new MediaCopier(fetcher, second, resumed, pool2, CopyPolicy.DEFAULT, Pause.NONE);
            MediaReadiness r = again.whenStored(objects).get(60, TimeUnit.SECONDS);
            assertThat(r.ready()).isTrue();
            assertThat(again.tally().alreadyStored()).isEqualTo(5);
            assertThat(again.tally().copied()).isEqualTo(7);
        } finally {
            pool2.shutdownNow();
        }
        for (int i = 0; i < objects.size(); i++) {
            String key = objects.get(i).key();
            assertThat(Files.readString(media.resolve(key))).isEqualTo(("content " + i).repeat(1000));
            if (storedFirst.contains(key)) {
                assertThat(second.uploads(key)).isZero();
                assertThat(host.downloads("/f" + i + ".bin")).isEqualTo(1);
            } else {
                assertThat(second.uploads(key)).isEqualTo(1);
            }
        }
    }

    /**
     * The cause of the kill test's old flakiness: a worker waiting for body bytes did not stop on shutdownNow,
     * because the JDK's body stream swallows the interrupt. Stopping the copier closes what the workers read, so
     * they end even when nothing interrupts them and the host never sends another byte.
     */
    @Test
    void stopEndsTransfersBlockedOnAStalledBodyPromptlyAndStoresNothingPartial() throws Exception {
        List<MediaObject> objects = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            host.put("/f" + i + ".bin", ("content " + i).repeat(1000).getBytes(UTF_8));
            host.stall("/f" + i + ".bin", 1000);
            objects.add(object(i, host));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (FileMediaLedger ledger = FileMediaLedger.open(journal)) {
            MediaCopier copier = new MediaCopier(fetcher, new DirectoryMediaStore(media), ledger, pool,
                    CopyPolicy.DEFAULT, Pause.NONE);
            CompletableFuture<MediaReadiness> readiness = copier.whenStored(objects);
            awaitUntil(() -> host.stalledNow() == 3);
            copier.stop();
            pool.shutdown(); // no interrupt: closing the originals alone must end the workers
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            MediaReadiness r = readiness.get(5, TimeUnit.SECONDS);
            assertThat(r.unavailable()).extracting(CopyOutcome.Unavailable::reason).containsOnly("the copy was stopped");
            assertThat(ledger.size()).isZero();
            assertThat(copier.copy(object(7, host)).get(5, TimeUnit.SECONDS))
                    .isEqualTo(new CopyOutcome.Unavailable(object(7, host), "the copy was stopped"));
        } finally {
            pool.shutdownNow();
        }
        try (var files = Files.walk(media)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void aHostThatStallsMidBodyIsRetriedThenReportedUnavailableWithTheReason() throws Exception {
        host.put("/f1.bin", "one".repeat(3000).getBytes(UTF_8)).stall("/f1.bin", 500);
        HttpMediaFetcher impatient = HttpMediaFetcher.builder().timeout(Duration.ofSeconds(10))
                .idleTimeout(Duration.ofSeconds(1)).build();
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try (FileMediaLedger ledger = FileMediaLedger.open(journal)) {
            MediaCopier copier = new MediaCopier(impatient, new DirectoryMediaStore(media), ledger, pool,
                    new CopyPolicy(2, Duration.ZERO), Pause.NONE);
            CopyOutcome out = copier.copy(object(1, host)).get(60, TimeUnit.SECONDS);
            assertThat(out).isEqualTo(new CopyOutcome.Unavailable(object(1, host),
                    "still failing after 2 attempts: the file host sent no bytes for 1 s"));
            assertThat(ledger.find(object(1, host).key())).isEmpty();
        } finally {
            pool.shutdownNow();
        }
        try (var files = Files.walk(media)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 30 s");
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aMissingFileIsReportedWithItsReasonAndOthersAreStored() throws Exception {
        host.put("/f1.bin", "one".getBytes(UTF_8));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (FileMediaLedger ledger = FileMediaLedger.open(journal)) {
            MediaCopier copier = new MediaCopier(fetcher, new DirectoryMediaStore(media), ledger, pool,
                    new CopyPolicy(2, Duration.ZERO), Pause.NONE);
            MediaReadiness r = copier.whenStored(List.of(object(1, host), object(2, host))).get(30, TimeUnit.SECONDS);
            assertThat(r.stored()).hasSize(1);
            assertThat(r.unavailable()).containsExactly(new CopyOutcome.Unavailable(object(2, host), "HTTP 404"));
            assertThat(ledger.find(object(2, host).key())).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void multiMegabyteFilesStreamThroughIntact() throws Exception {
        long size = 24L << 20;
        host.putGenerated("/big.bin", size);
        MediaObject big = new MediaObject("kb/big.bin", host.url("/big.bin"));
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try (FileMediaLedger ledger = FileMediaLedger.open(journal)) {
            MediaCopier copier = new MediaCopier(fetcher, new DirectoryMediaStore(media), ledger, pool, CopyPolicy.DEFAULT, Pause.NONE);
            CopyOutcome out = copier.copy(big).get(60, TimeUnit.SECONDS);
            assertThat(out).isInstanceOf(CopyOutcome.Stored.class);
            assertThat(((CopyOutcome.Stored) out).stored().size()).isEqualTo(size);
        } finally {
            pool.shutdownNow();
        }
        try (InputStream in = Files.newInputStream(media.resolve("kb/big.bin"))) {
            byte[] buffer = new byte[1 << 16];
            long i = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                for (int k = 0; k < n; k++, i++) {
                    if (buffer[k] != LoopbackFileHost.generatedByte(i)) {
                        throw new AssertionError("byte " + i + " differs");
                    }
                }
            }
            assertThat(i).isEqualTo(size);
        }
    }
}

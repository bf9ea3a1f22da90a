package io.zimmigrate.core.media;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import io.zimmigrate.core.port.StoredObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MediaCopierTest {

    private final MemoryMedia media = new MemoryMedia();
    private final InMemoryMediaLedger ledger = new InMemoryMediaLedger();
    private final ExecutorService pool = Executors.newFixedThreadPool(3);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private MediaCopier copier() {
        return new MediaCopier(media, media, ledger, pool, new CopyPolicy(3, Duration.ofMillis(1)), Pause.NONE);
    }

    @Test
    void copiesRecordsWithSizeAndChecksumAndSharesOneTransferPerKey() {
        media.originals.put("mem:a", "hello".getBytes(UTF_8));
        MediaCopier copier = copier();
        MediaObject a = new MediaObject("k/a", "mem:a");
        MediaReadiness r = copier.whenStored(List.of(a, a)).join();
        copier.whenStored(List.of(a)).join();
        assertThat(r.ready()).isTrue();
        assertThat(media.stored.get("k/a")).isEqualTo("hello".getBytes(UTF_8));
        assertThat(ledger.find("k/a")).contains(new StoredObject("k/a", "mem:a", 5,
                Hashing.sha256().hashString("hello", UTF_8).toString()));
        assertThat(media.fetchesOf("mem:a")).isEqualTo(1);
        assertThat(copier.tally()).isEqualTo(new CopyTally.Snapshot(1, 1, 0, 0, 5));
    }

    @Test
    void aRecordedOrAlreadyStoredKeyIsNeitherFetchedNorUploadedAgain() {
        media.originals.put("mem:a", "a".getBytes(UTF_8));
        media.originals.put("mem:b", "bb".getBytes(UTF_8));
        ledger.record(new StoredObject("k/a", "mem:a", 1, "x"));
        media.stored.put("k/b", "bb".getBytes(UTF_8)); // stored by a pass killed before its record
        MediaCopier copier = copier();
        MediaReadiness r = copier.whenStored(List.of(new MediaObject("k/a", "mem:a"), new MediaObject("k/b", "mem:b"))).join();
        assertThat(r.ready()).isTrue();
        assertThat(r.stored()).allMatch(s -> !s.transferred());
        assertThat(media.fetches).isEmpty();
        assertThat(media.uploads).isEmpty();
        assertThat(ledger.find("k/b")).contains(new StoredObject("k/b", "mem:b", 2, null));
    }

    @Test
    void aMissingOriginalIsUnavailableWithItsReasonAndNotRetried() {
        MediaCopier copier = copier();
        MediaObject gone = new MediaObject("k/gone", "mem:gone");
        MediaReadiness r = copier.whenStored(List.of(gone)).join();
        assertThat(r.ready()).isFalse();
        assertThat(r.unavailable()).containsExactly(new CopyOutcome.Unavailable(gone, "HTTP 404 Not Found"));
        assertThat(copier.failure("k/gone")).contains("HTTP 404 Not Found");
        assertThat(media.fetchesOf("mem:gone")).isEqualTo(1);
        assertThat(ledger.find("k/gone")).isEmpty();
    }

    @Test
    void passingFailuresAreRetriedUpToThePolicyThenReported() {
        media.originals.put("mem:a", "a".getBytes(UTF_8));
        media.originals.put("mem:b", "b".getBytes(UTF_8));
        media.flaky.put("mem:a", new java.util.concurrent.atomic.AtomicInteger(2));
        media.flaky.put("mem:b", new java.util.concurrent.atomic.AtomicInteger(3));
        MediaCopier copier = copier();
        assertThat(copier.copy(new MediaObject("k/a", "mem:a")).join()).isInstanceOf(CopyOutcome.Stored.class);
        CopyOutcome b = copier.copy(new MediaObject("k/b", "mem:b")).join();
        assertThat(b).isEqualTo(new CopyOutcome.Unavailable(new MediaObject("k/b", "mem:b"),
                "still failing after 3 attempts: connection reset"));
        assertThat(media.fetchesOf("mem:a")).isEqualTo(3);
    }

    @Test
    void aDownloadShorterThanAnnouncedNeverBecomesAnObject() {
        media.originals.put("mem:cut", "abc".getBytes(UTF_8));
        media.truncated.put("mem:cut", true);
        CopyOutcome out = copier().copy(new MediaObject("k/cut", "mem:cut")).join();
        assertThat(out).isInstanceOf(CopyOutcome.Unavailable.class);
        assertThat(((CopyOutcome.Unavailable) out).reason()).contains("ended after 3 of 4 bytes");
        assertThat(media.stored).isEmpty();
        assertThat(ledger.find("k/cut")).isEmpty();
    }

    @Test
    void aReferenceNoFetcherReadsIsUnavailable() {
        CopyOutcome out = copier().copy(new MediaObject("k/x", "gopher://x")).join();
        assertThat(out).isEqualTo(new CopyOutcome.Unavailable(new MediaObject("k/x", "gopher://x"),
                "no fetcher reads this kind of reference"));
    }
}

package io.zimmigrate.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hashing;
import com.google.common.hash.HashingInputStream;
import io.zimmigrate.core.media.CopyOutcome;
import io.zimmigrate.core.media.CopyPolicy;
import io.zimmigrate.core.media.InMemoryMediaLedger;
import io.zimmigrate.core.media.MediaCopier;
import io.zimmigrate.core.media.MediaObject;
import io.zimmigrate.core.media.Pause;
import io.zimmigrate.core.port.MediaFetcher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class S3MediaStoreTest {

    private static InProcessS3 s3;
    private static final S3Location LOCATION = S3Location.parse("s3://chat-media/rehearsal");

    @BeforeAll
    static void start() throws Exception {
        s3 = new InProcessS3("chat-media");
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    /** {@code size} bytes generated as they are read: nothing of the file is ever held whole. */
    private static InputStream generated(long size) {
        return new InputStream() {
            long i;

            @Override
            public int read() {
                return i < size ? (int) ((i++ * 31 + 7) & 0xff) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - i);
                for (int k = 0; k < n; k++) {
                    b[off + k] = (byte) ((i++ * 31 + 7) & 0xff);
                }
                return n;
            }
        };
    }

    private static String sha256(InputStream in) throws IOException {
        try (HashingInputStream h = new HashingInputStream(Hashing.sha256(), in)) {
            h.transferTo(OutputStreamNull.INSTANCE);
            return h.hash().toString();
        }
    }

    @Test
    void aSmallObjectGoesUpInOnePutUnderThePrefix() throws IOException {
        S3MediaStore store = new S3MediaStore(s3.client, LOCATION);
        assertThat(store.storedSize("k1/a.txt")).isEmpty();
        store.put("k1/a.txt", new ByteArrayInputStream("hello".getBytes(UTF_8)), OptionalLong.of(5), "text/plain");
        assertThat(store.storedSize("k1/a.txt")).hasValue(5);
        assertThat(s3.client.getObjectAsBytes(b -> b.bucket("chat-media").key("rehearsal/k1/a.txt")).asUtf8String())
                .isEqualTo("hello");
        assertThat(store.describe()).isEqualTo("s3://chat-media/rehearsal/");
    }

    @Test
    void aLargeStreamOfUnknownLengthGoesUpInPartsIntact() throws IOException {
        long size = (12L << 20) + 12345;
        S3MediaStore store = new S3MediaStore(s3.client, LOCATION, 5 << 20);
        store.put("k2/big.bin", generated(size), OptionalLong.empty(), null);
        assertThat(store.storedSize("k2/big.bin")).hasValue(size);
        try (InputStream back = s3.client.getObject(b -> b.bucket("chat-media").key("rehearsal/k2/big.bin"))) {
            assertThat(sha256(back)).isEqualTo(sha256(generated(size)));
        }
    }

    @Test
    void anUploadThatBreaksMidwayLeavesNoObject() {
        S3MediaStore store = new S3MediaStore(s3.client, LOCATION, 5 << 20);
        InputStream breaks = new SequenceInputStream(generated(7L << 20), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        });
        assertThatThrownBy(() -> store.put("k3/cut.bin", breaks, OptionalLong.empty(), null)).hasMessage("connection reset");
        assertThat(s3.client.listObjectsV2(b -> b.bucket("chat-media").prefix("rehearsal/k3/")).contents()).isEmpty();
    }

    @Test
    void theCopierStoresIntoS3AndNeverUploadsAnObjectTheBucketHolds() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        MediaFetcher fetcher = new MediaFetcher() {
            @Override
            public boolean handles(String source) {
                return true;
            }

            @Override
            public Original open(String source) {
                opened.incrementAndGet();
                InputStream in = new ByteArrayInputStream(source.getBytes(UTF_8));
                return new Original() {
                    public InputStream content() { return in; }
                    public OptionalLong size() { return OptionalLong.of(source.length()); }
                    public String contentType() { return null; }
                    public void close() { }
                };
            }
        };
        S3MediaStore store = new S3MediaStore(s3.client, LOCATION);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            MediaObject a = new MediaObject("k4/a", "mem:aaaa");
            CopyOutcome first = new MediaCopier(fetcher, store, new InMemoryMediaLedger(), pool, CopyPolicy.DEFAULT, Pause.NONE)
                    .copy(a).get();
            assertThat(first).isInstanceOf(CopyOutcome.Stored.class);
            // a second pass that lost its ledger finds the object in the bucket: no fetch, no upload
            CopyOutcome again = new MediaCopier(fetcher, store, new InMemoryMediaLedger(), pool, CopyPolicy.DEFAULT, Pause.NONE)
                    .copy(a).get();
            assertThat(((CopyOutcome.Stored) again).transferred()).isFalse();
            assertThat(((CopyOutcome.Stored) again).stored().size()).isEqualTo(8);
            assertThat(opened).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void locationsAreCheckedWithOneLine() {
        assertThat(S3Location.parse("s3://bucket")).isEqualTo(new S3Location("bucket", ""));
        assertThat(S3Location.parse("s3://my.bucket/a/b")).isEqualTo(new S3Location("my.bucket", "a/b/"));
        assertThatThrownBy(() -> S3Location.parse("https://bucket/x")).hasMessageContaining("s3://BUCKET/PREFIX");
        assertThatThrownBy(() -> S3Location.parse("s3://Bad_Bucket/x")).hasMessageContaining("not an S3 bucket name");
    }

    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}

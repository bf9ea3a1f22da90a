package io.zimmigrate.media;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zimmigrate.core.port.MediaFetcher;
import io.zimmigrate.core.port.MediaUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpMediaFetcherTest {

    private final LoopbackFileHost host;

    HttpMediaFetcherTest() throws IOException {
        host = new LoopbackFileHost("xoxb-right");
        host.put("/slack/cat.png", "meow".getBytes(UTF_8)).put("/plain.txt", "plain".getBytes(UTF_8));
    }

    @AfterEach
    void stop() {
        host.close();
    }

    private static HttpMediaFetcher withSlackToken(String token) {
        return HttpMediaFetcher.builder().timeout(Duration.ofSeconds(5))
                .credential(HostCredential.slackBot(token).forHosts(List.of("127.0.0.1"))).build();
    }

    private static String read(MediaFetcher f, String url) throws IOException {
        try (MediaFetcher.Original o = f.open(url)) {
            return new String(o.content().readAllBytes(), UTF_8);
        }
    }

    @Test
    void theSlackTokenOpensSlackFilesOnItsHostsOnly() throws IOException {
        HttpMediaFetcher fetcher = withSlackToken("xoxb-right");
        assertThat(read(fetcher, host.url("/slack/cat.png"))).isEqualTo("meow");
        assertThat(read(fetcher, host.url("/moved/slack/cat.png"))).isEqualTo("meow");
        // a redirect to another host name drops the token: Slack's login page comes back, and is refused
        assertThatThrownBy(() -> read(fetcher, host.url("/away/slack/cat.png")))
                .isInstanceOf(MediaUnavailableException.class).hasMessageContaining("web page");
        assertThat(host.secretsToOtherHosts()).isZero();
    }

    @Test
    void aWrongTokenIsUnavailableAndTheLoginPageIsNeverTakenForTheFile() {
        assertThatThrownBy(() -> read(withSlackToken("xoxb-wrong"), host.url("/slack/cat.png")))
                .isInstanceOf(MediaUnavailableException.class)
                .hasMessageContaining("Slack bot token").hasMessageNotContaining("xoxb");
    }

    @Test
    void theTokenNeverTravelsOverPlainHttpBeyondLoopback() {
        HttpMediaFetcher fetcher = HttpMediaFetcher.builder().credential(HostCredential.slackBot("xoxb-right")).build();
        assertThatThrownBy(() -> fetcher.open("http://files.slack.com/files-pri/T-F/cat.png"))
                .isInstanceOf(MediaUnavailableException.class).hasMessageContaining("HTTPS only");
        assertThat(HostCredential.slackBot("xoxb-right").toString()).doesNotContain("xoxb");
    }

    @Test
    void missingIsPermanentAndBusyIsPassing() throws IOException {
        HttpMediaFetcher fetcher = withSlackToken("xoxb-right");
        assertThatThrownBy(() -> fetcher.open(host.url("/nothing.png")))
                .isInstanceOf(MediaUnavailableException.class).hasMessage("HTTP 404");
        host.failNext("/plain.txt", 1);
        assertThatThrownBy(() -> fetcher.open(host.url("/plain.txt")))
                .isInstanceOf(IOException.class).isNotInstanceOf(MediaUnavailableException.class).hasMessage("HTTP 503");
        try (MediaFetcher.Original o = fetcher.open(host.url("/plain.txt"))) {
            assertThat(o.size()).hasValue(5);
            assertThat(o.contentType()).isEqualTo("application/octet-stream");
        }
    }

    @Test
    void aBodyThatStallsFailsAfterTheIdleTimeoutAsAPassingFailure() throws IOException {
        host.put("/stalls.bin", "x".repeat(5000).getBytes(UTF_8)).stall("/stalls.bin", 100);
        HttpMediaFetcher fetcher = HttpMediaFetcher.builder().timeout(Duration.ofSeconds(5))
                .idleTimeout(Duration.ofSeconds(1)).build();
        long started = System.nanoTime();
        try (MediaFetcher.Original o = fetcher.open(host.url("/stalls.bin"))) {
            assertThatThrownBy(() -> o.content().readAllBytes())
                    .isInstanceOf(IOException.class).isNotInstanceOf(MediaUnavailableException.class)
                    .hasMessage("the file host sent no bytes for 1 s");
        }
        // generous: the point is that it ends at all, on a loaded box too
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        host.resume();
        assertThat(read(fetcher, host.url("/stalls.bin"))).hasSize(5000);
    }

    @Test
    void aSlowBodyThatKeepsSendingIsNotCutAndAnInterruptEndsAWaitingRead() throws Exception {
        host.putGenerated("/big.bin", 8L << 20);
        HttpMediaFetcher fetcher = HttpMediaFetcher.builder().idleTimeout(Duration.ofSeconds(1)).build();
        try (MediaFetcher.Original o = fetcher.open(host.url("/big.bin"))) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int n; (n = o.content().read(buffer)) >= 0; ) {
                total += n;
            }
            assertThat(total).isEqualTo(8L << 20);
        }
        host.put("/stalls.bin", "y".repeat(5000).getBytes(UTF_8)).stall("/stalls.bin", 100);
        HttpMediaFetcher patient = HttpMediaFetcher.builder().idleTimeout(Duration.ofMinutes(10)).build();
        java.util.concurrent.atomic.AtomicReference<Throwable> ended = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean flagKept = new java.util.concurrent.atomic.AtomicBoolean();
        Thread reader = new Thread(() -> {
            try (MediaFetcher.Original o = patient.open(host.url("/stalls.bin"))) {
                o.content().readAllBytes();
            } catch (Throwable t) {
                ended.set(t);
                flagKept.set(Thread.currentThread().isInterrupted());
            }
        });
        reader.start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (host.stalledNow() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(200); // let the reader reach its wait for the next bytes
        reader.interrupt();
        reader.join(30_000);
        assertThat(reader.isAlive()).isFalse();
        assertThat(ended.get()).isInstanceOf(java.io.InterruptedIOException.class);
        assertThat(flagKept).isTrue();
    }
}

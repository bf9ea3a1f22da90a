package io.zimmigrate.cli.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.gateway.TransportResult;
import io.zimmigrate.core.gateway.TransportSettings;
import io.zimmigrate.core.gateway.ZimEndpoint;
import io.zimmigrate.core.gateway.ZimTransport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpenedInBackgroundTest {
    private static final TransportSettings SETTINGS =
            TransportSettings.defaults(ZimEndpoint.parse("http://127.0.0.1:1"));

    /** Records what it was asked to send; opens only when the test lets it. */
    private static final class SlowToOpen implements ZimTransport.Factory {
        final CountDownLatch mayOpen = new CountDownLatch(1);
        final List<String> sent = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        @Override
        public ZimTransport open(TransportSettings settings) {
            try {
                mayOpen.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return new ZimTransport() {
                @Override
                public CompletionStage<TransportResult> post(String action, Map<String, String> query, byte[] body) {
                    sent.add(new String(body));
                    return CompletableFuture.completedFuture(new TransportResult.NotSent("test"));
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }
    }

    @Test
    void aRequestMadeWhileTheStackStartsWaitsForItAndRequestsLeaveInTheirOrder() throws Exception {
        SlowToOpen factory = new SlowToOpen();
        ZimTransport transport = OpenedInBackground.of(factory).open(SETTINGS);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> transport.post("A", Map.of(), "1".getBytes()));
        Thread.sleep(100);
        assertThat(first).as("the first request waits for the start").isNotDone();
        assertThat(factory.sent).isEmpty();
        factory.mayOpen.countDown();
        first.get(10, TimeUnit.SECONDS);
        transport.post("A", Map.of(), "2".getBytes());
        assertThat(factory.sent).containsExactly("1", "2");
        transport.close();
        assertThat(factory.closed).isTrue();
    }

    @Test
    void aStackThatCannotStartMakesEveryRequestNotSentWithItsReason() throws Exception {
        ZimTransport transport = OpenedInBackground.of(settings -> {
            throw new IllegalStateException("no threads left");
        }).open(SETTINGS);
        TransportResult result = transport.post("A", Map.of(), new byte[0]).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(result).isInstanceOf(TransportResult.NotSent.class);
        assertThat(((TransportResult.NotSent) result).reason()).contains("could not start").contains("no threads left");
        transport.close(); // nothing to close, and no exception
    }
}

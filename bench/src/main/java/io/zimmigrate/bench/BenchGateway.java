package io.zimmigrate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.zimmigrate.core.gateway.WireRequests;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.signing.RequestSigner;
import io.zimmigrate.core.wire.ZimJson;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A stand-in import gateway for {@link EngineRun}, so the engine's whole-process figures can be measured before the
 * product's gateways are wired into the CLI: the same Vert.x Web Client posting core's signed request bytes, and a
 * minimal classification (0 → done, throttle/busy codes → retry later, other codes → rejected, no answer → unknown).
 * Imports only; the other calls are not used by the benchmarks.
 */
final class BenchGateway implements ZimGateway {
    private final Vertx vertx;
    private final WebClient client;
    private final RequestSigner signer;
    private final URI endpoint;

    private final Trace trace;

    BenchGateway(URI endpoint, RequestSigner signer, int maxInFlight, Trace trace) {
        this.trace = trace;
        this.endpoint = endpoint;
        this.signer = signer;
        this.vertx = Vertx.vertx();
        this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setFollowRedirects(false),
                new PoolOptions().setHttp1MaxSize(maxInFlight).setMaxWaitQueueSize(maxInFlight));
    }

    @Override
    public CompletionStage<Outcome<ImportReceipt>> importMessage(Message message, Timeline timeline) {
        trace.left();
        return timeline instanceof Timeline.GroupTimeline g
                ? post("ImportGroupMsg", ZimJson.encode(WireRequests.importGroup(message, g)))
                : post("ImportPeerMsg", ZimJson.encode(WireRequests.importPeer(message, (Timeline.PeerTimeline) timeline)));
    }

    private CompletionStage<Outcome<ImportReceipt>> post(String action, byte[] body) {
        CompletableFuture<Outcome<ImportReceipt>> result = new CompletableFuture<>();
        var request = client.post(endpoint.getPort(), endpoint.getHost(), "/").timeout(30_000)
                .putHeader("Content-Type", "application/json");
        signer.commonParameters(action).forEach(request::addQueryParam);
        request.sendBuffer(Buffer.buffer(body)).onComplete(ar -> {
            if (ar.failed() || ar.result().statusCode() != 200) {
                result.complete(new Outcome.Unknown<>(ar.failed() ? ar.cause().getClass().getSimpleName()
                        : "HTTP " + ar.result().statusCode()));
                return;
            }
            try {
                JsonNode answer = ZimJson.mapper().readTree(ar.result().body().getBytes());
                long code = answer.path("Code").asLong();
                if (code == 0) {
                    result.complete(new Outcome.Done<>(new ImportReceipt(answer.path("MsgSeq").asLong(0),
                            answer.path("MsgId").asText(null))));
                } else if (code == 1 || code == 7 || code == 660300005L || code == 660300006L || code == 660000001L
                        || code == 660000003L) {
                    result.complete(new Outcome.RetryLater<>(code, answer.path("Message").asText(),
                            io.zimmigrate.core.gateway.ZimCodes.isThrottle(code)));
                } else {
                    result.complete(new Outcome.Rejected<>(code, answer.path("Message").asText()));
                }
            } catch (Exception e) {
                result.complete(new Outcome.Unknown<>("unreadable answer"));
            }
        });
        return result;
    }

    @Override
    public CompletionStage<Outcome<Registration>> registerUsers(List<UserId> users) {
        return unsupported();
    }

    @Override
    public CompletionStage<Outcome<GroupCreation>> createGroup(NewGroup group) {
        return unsupported();
    }

    @Override
    public CompletionStage<Outcome<Invited>> inviteUsers(Invitation invitation) {
        return unsupported();
    }

    @Override
    public CompletionStage<Outcome<MessagePage>> readBack(Timeline timeline, int limit, long next) {
        return unsupported();
    }

    private static <T> CompletionStage<Outcome<T>> unsupported() {
        return CompletableFuture.completedFuture(new Outcome.Fatal<>(null, "not supported by the bench gateway"));
    }

    @Override
    public void close() {
        vertx.close();
    }
}

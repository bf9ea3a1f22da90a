package io.zimmigrate.core.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A transport that plays back scripted results and records every request it was given. For testing the protocol
 * in core without HTTP; the adapters are tested against real servers.
 */
public final class ScriptedTransport implements ZimTransport {
    /** One request as the transport saw it. */
    public record Sent(String action, Map<String, String> query, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Deque<Supplier<CompletionStage<TransportResult>>> script = new ArrayDeque<>();
    private final List<Sent> sent = new ArrayList<>();

    public ScriptedTransport answer(int status, String body) {
        return then(new TransportResult.Answered(status, body.getBytes(StandardCharsets.UTF_8)));
    }

    public ScriptedTransport answerCode(long code) {
        return answer(200, "{\"Code\":" + code + ",\"Message\":\"m" + code + "\",\"RequestId\":\"r1\"}");
    }

    public ScriptedTransport then(TransportResult result) {
        script.add(() -> CompletableFuture.completedFuture(result));
        return this;
    }

    public ScriptedTransport thenStage(Supplier<CompletionStage<TransportResult>> stage) {
        script.add(stage);
        return this;
    }

    public List<Sent> sent() {
        return sent;
    }

    @Override
    public synchronized CompletionStage<TransportResult> post(String action, Map<String, String> query, byte[] body) {
        sent.add(new Sent(action, Map.copyOf(query), body.clone()));
        Supplier<CompletionStage<TransportResult>> next = script.poll();
        if (next == null) {
            throw new AssertionError("no scripted result for request " + sent.size() + " (" + action + ")");
        }
        return next.get();
    }
}

package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.rules.Violation;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The {@link SendGate}'s answer for each lane's head, asked once per head: a lane whose answer is still pending is
 * woken (on the engine thread, through the loop) when it arrives, once. Lives on the engine thread.
 */
final class GateChecks {
    static final String RULE_GATE_FAILED = "send.gate";

    private final SendGate gate;
    private final EngineLoop loop;
    private final Consumer<Lane> wake;
    private final Map<Lane, Pending> byLane = new IdentityHashMap<>();
    /** The gate lets every message go as planned: nothing to ask or remember per head (the usual run, no media). */
    private final boolean open;

    private static final class Pending {
        final TaskKey key;
        final CompletableFuture<SendGate.Verdict> verdict;
        boolean waking;

        Pending(TaskKey key, CompletableFuture<SendGate.Verdict> verdict) {
            this.key = key;
            this.verdict = verdict;
        }
    }

    GateChecks(SendGate gate, EngineLoop loop, Consumer<Lane> wake) {
        this.gate = gate;
        this.loop = loop;
        this.wake = wake;
        this.open = gate == SendGate.OPEN;
    }

    /** The verdict on the lane's head, or null while it is pending (the lane is woken when it is not). */
    SendGate.Verdict verdictOn(Lane lane) {
        Task head = lane.head();
        if (open) {
            return new SendGate.Verdict.Send(head.message());
        }
        Pending p = byLane.get(lane);
        if (p == null || !p.key.equals(head.key())) {
            p = new Pending(head.key(), gate.ready(head.message()));
            byLane.put(lane, p);
        }
        if (p.verdict.isDone()) {
            try {
                return p.verdict.join();
            } catch (RuntimeException e) {
                // A gate must not fail; if one does, the message is refused with the reason rather than sent unchecked.
                return new SendGate.Verdict.Refuse(RULE_GATE_FAILED, List.of(new Violation("MessageBody", RULE_GATE_FAILED,
                        "the check before sending failed: " + e)));
            }
        }
        if (!p.waking) {
            p.waking = true;
            p.verdict.whenComplete((v, e) -> loop.post(() -> wake.accept(lane)));
        }
        return null;
    }
}

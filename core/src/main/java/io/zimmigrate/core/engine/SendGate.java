package io.zimmigrate.core.engine;

import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.rules.Violation;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A last condition before a message's first request, decided outside the engine (media relocation: every object the
 * message names must be stored first). While the answer is pending the message's lane is held: it takes no slot of
 * the pacer or the in-flight limit and other lanes go on; when the answer comes the lane is queued again. The
 * future may complete on any thread; the engine reads it on its own.
 */
@FunctionalInterface
public interface SendGate {

    /** Every message may go as planned. */
    SendGate OPEN = message -> CompletableFuture.completedFuture(new Verdict.Send(message));

    /** Completes when it is known whether (and as what) the message may be sent. Must not fail. */
    CompletableFuture<Verdict> ready(Message message);

    /** What the gate decided about one message. */
    sealed interface Verdict {
        /** Send this message: the planned one, or the same with fields the gate had to change. */
        record Send(Message message) implements Verdict {
            public Send {
                Objects.requireNonNull(message, "message");
            }
        }

        /** Never send it: a rejection under {@code rule}, journaled like ZIM's. */
        record Refuse(String rule, List<Violation> violations) implements Verdict {
            public Refuse {
                Objects.requireNonNull(rule, "rule");
                violations = List.copyOf(violations);
            }
        }
    }
}

package io.zimmigrate.core.engine;

import io.zimmigrate.core.port.Outcome;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** How a gateway's answer reaches the engine thread: the one reading of a stage that failed or gave nothing. */
final class Answers {
    private Answers() {}

    /**
     * Posts the stage's outcome to {@code handler} on the engine thread. A gateway must not fail its stage; if one
     * does, or completes it with nothing, the request may have left, so it is an {@link Outcome.Unknown}.
     */
    static <T> void deliver(EngineLoop loop, CompletionStage<Outcome<T>> stage, Consumer<Outcome<T>> handler) {
        stage.whenComplete((outcome, error) -> loop.post(() -> handler.accept(outcome != null ? outcome
                : new Outcome.Unknown<>("the gateway failed: "
                        + (error == null ? "no answer" : error.getClass().getSimpleName())))));
    }
}

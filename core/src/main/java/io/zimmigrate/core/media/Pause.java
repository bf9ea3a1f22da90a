package io.zimmigrate.core.media;

import java.time.Duration;

/** Waiting between attempts, injected so tests do not sleep. */
@FunctionalInterface
public interface Pause {

    Pause NONE = d -> { };

    void sleep(Duration duration) throws InterruptedException;
}

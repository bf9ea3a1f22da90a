package io.zimmigrate.core.engine.sim;

import io.zimmigrate.core.engine.MigrationEvent;
import io.zimmigrate.core.engine.MigrationListener;
import io.zimmigrate.core.rules.Rejection;

/** A listener whose process dies at its k-th call, after passing it on or before. */
final class DyingListener implements MigrationListener {
    private final MigrationListener next;
    private final boolean after;
    private long callsLeft;

    DyingListener(MigrationListener next, long k, boolean after) {
        this.next = next;
        this.callsLeft = k;
        this.after = after;
    }

    @Override
    public void onEvent(MigrationEvent event) {
        call(() -> next.onEvent(event));
    }

    @Override
    public void onRejection(Rejection rejection) {
        call(() -> next.onRejection(rejection));
    }

    private void call(Runnable pass) {
        if (--callsLeft == 0 && !after) {
            throw new SimLoop.SimulatedCrash();
        }
        pass.run();
        if (callsLeft == 0) {
            throw new SimLoop.SimulatedCrash();
        }
    }
}

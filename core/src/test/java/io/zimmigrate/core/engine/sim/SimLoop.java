package io.zimmigrate.core.engine.sim;

import io.zimmigrate.core.engine.EngineLoop;
import java.util.ArrayDeque;

/**
 * One engine process in the simulated world. {@link #crashAfter} makes it die after that many loop turns:
 * it throws {@link SimulatedCrash}, and answers still addressed to it are dropped, as for a killed process.
 */
public final class SimLoop implements EngineLoop {
    private final SimWorld world;
    private final ArrayDeque<Runnable> posted = new ArrayDeque<>();
    private long turnsLeft;
    private boolean dead;

    public SimLoop(SimWorld world, long crashAfterTurns) {
        this.world = world;
        this.turnsLeft = crashAfterTurns;
    }

    @Override
    public long nowMillis() {
        return world.now();
    }

    @Override
    public void post(Runnable event) {
        if (!dead) {
            posted.add(event);
        }
    }

    @Override
    public void runUntil(long deadlineMillis) {
        if (--turnsLeft < 0) {
            dead = true;
            posted.clear();
            throw new SimulatedCrash();
        }
        while (posted.isEmpty() && world.step(deadlineMillis)) {
            // server-side events until one answers us
        }
        if (posted.isEmpty()) {
            world.advanceTo(deadlineMillis);
            return;
        }
        while (!posted.isEmpty()) {
            posted.poll().run();
        }
    }

    public boolean isDead() {
        return dead;
    }

    public void kill() {
        dead = true;
        posted.clear();
    }

    /** Thrown out of the engine to model SIGKILL. */
    public static final class SimulatedCrash extends RuntimeException {
        public SimulatedCrash() {
            super("simulated crash", null, false, false);
        }
    }
}

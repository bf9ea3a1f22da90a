package io.zimmigrate.cli.chaos;

import io.zimmigrate.core.wire.Action;
import io.zimmigrate.emulator.Faults;
import io.zimmigrate.emulator.ZimEmulator;
import java.util.Random;

/**
 * How many faults an emulator dealt, for the chaos report. The emulator does not count them, but its dice are
 * reproducible by contract (see {@link io.zimmigrate.emulator.EmulatorConfig#seed()}): one {@code Random(seed)},
 * exactly two draws per request that passed the signature check and the cap, the first deciding busy, HTTP 500,
 * lost or none in that order. So replaying that many rolls with the same seed and rates gives the exact tally,
 * as long as the rates did not change during the run (the chaos run never changes them).
 *
 * @param rolls   requests that rolled the dice (accepted by the cap)
 * @param busy    answered {@code Code 1}
 * @param http500 answered HTTP 500
 * @param lost    applied, then left unanswered
 * @param throttled answered 660300005 by the cap (not a dealt fault, but trouble the client saw)
 */
public record FaultTally(long rolls, long busy, long http500, long lost, long throttled) {

    public static FaultTally of(ZimEmulator emulator) {
        long rolls = 0;
        long throttled = 0;
        for (Action action : Action.values()) {
            rolls += emulator.arrivalTimesMillis(action.wireName()).size();
            throttled += emulator.throttledAnswers(action.wireName());
        }
        Faults f = emulator.faults();
        Random dice = new Random(emulator.config().seed());
        long busy = 0;
        long http500 = 0;
        long lost = 0;
        for (long i = 0; i < rolls; i++) {
            double kind = dice.nextDouble();
            dice.nextDouble(); // the "slow" draw
            if (kind < f.busyRate()) {
                busy++;
            } else if (kind < f.busyRate() + f.http500Rate()) {
                http500++;
            } else if (kind < f.busyRate() + f.http500Rate() + f.lostRate()) {
                lost++;
            }
        }
        return new FaultTally(rolls, busy, http500, lost, throttled);
    }

    @Override
    public String toString() {
        return "busy=" + busy + " http500=" + http500 + " lost-answers=" + lost + " throttled=" + throttled;
    }
}

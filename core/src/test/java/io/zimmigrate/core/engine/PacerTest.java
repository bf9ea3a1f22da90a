package io.zimmigrate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PacerTest {

    /** Sends whenever the pacer allows, with arbitrary wake-up delays; no wall-clock second may hold more than the cap. */
    @Test
    void noSecondHoldsMoreThanTheCapWhateverTheWakeUps() {
        qt().withExamples(300).forAll(integers().between(1, 50), lists().of(integers().between(0, 120)).ofSizeBetween(50, 400))
                .checkAssert((qps, delays) -> {
                    Pacer pacer = new Pacer(qps, 8);
                    long now = 1_000_000_123L;
                    Map<Long, Integer> perSecond = new HashMap<>();
                    for (int delay : delays) {
                        now = pacer.nextSlot(now) + delay % 3; // woke a little late, or on time
                        if (pacer.nextSlot(now) > now) {
                            continue;
                        }
                        pacer.sent(now);
                        perSecond.merge(Math.floorDiv(now, 1000), 1, Integer::sum);
                    }
                    assertThat(perSecond.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(qps));
                });
    }

    /** With steady round trips the guard is the configured one: 20 per 1,008 ms at most. */
    @Test
    void sendingOnEverySlotReachesNinetyNinePercentOfTheCap() {
        Pacer pacer = new Pacer(20, 8);
        long now = 0;
        List<Long> sends = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            now = pacer.nextSlot(now);
            pacer.sent(now);
            pacer.answeredAfter(100);
            sends.add(now);
        }
        double rate = (sends.size() - 1) * 1000.0 / (sends.get(sends.size() - 1) - sends.get(0));
        assertThat(rate).isBetween(19.8, 20.0);
    }

    /**
     * The engine thread wakes up to 2 ms late on every send; the lateness must not add up below 99% of the cap. With
     * the engine's guard the worst case is 20 sends per 1000 + 4 + 2 ms (19.88/s). (With an 8 ms guard it would be
     * 20 per 1010 ms, 19.80/s: the goal itself, which random lateness can miss by a hair.)
     */
    @Test
    void wakingALittleLateOnEverySlotStillReachesNinetyNinePercentOfTheCap() {
        qt().withExamples(100).forAll(lists().of(integers().between(0, 2)).ofSize(600)).checkAssert(lateness -> {
            Pacer pacer = new Pacer(20, Pacer.DEFAULT_GUARD_MILLIS);
            long now = 1_000_000_000L;
            List<Long> sends = new ArrayList<>();
            for (int late : lateness) {
                now = pacer.nextSlot(now) + late;
                pacer.sent(now);
                pacer.answeredAfter(100);
                sends.add(now);
            }
            double rate = (sends.size() - 1) * 1000.0 / (sends.get(sends.size() - 1) - sends.get(0));
            assertThat(rate).isBetween(19.8, 20.0);
        });
    }

    /** Requests leave only after the journal's fsync, which takes 0 to 30 ms: the cap holds at departure times. */
    @Test
    void noSecondHoldsMoreThanTheCapCountingWhenRequestsLeaveAfterTheJournalFlush() {
        qt().withExamples(200).forAll(integers().between(1, 30), lists().of(integers().between(0, 30)).ofSizeBetween(50, 400))
                .checkAssert((qps, flushes) -> {
                    Pacer pacer = new Pacer(qps, 1);
                    long now = 1_000_000_123L;
                    Map<Long, Integer> perSecond = new HashMap<>();
                    for (int flush : flushes) {
                        now = pacer.nextSlot(now);
                        pacer.sent(now);
                        now += flush; // the fsync before the request may leave
                        pacer.departed(now);
                        perSecond.merge(Math.floorDiv(now, 1000), 1, Integer::sum);
                    }
                    assertThat(perSecond.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(qps));
                });
    }

    /**
     * ZIM counts arrivals: each request arrives 0 to {@code jitter} ms after it leaves (up to the guard's ceiling), and
     * its answer's round trip shows that delay plus up to 5 ms on the way back. Sending whenever the pacer allows, no
     * sliding second holds more than the cap of arrivals, and the rate stays ≥ 97 % of the cap.
     */
    @Test
    void noSlidingSecondOfArrivalsHoldsMoreThanTheCapUnderJitter() {
        qt().withExamples(60).forAll(integers().between(0, (int) GuardEstimate.MAX_GUARD_MILLIS),
                lists().of(integers().between(0, 1_000_000)).ofSize(400)).checkAssert((jitter, rolls) -> {
                    Pacer pacer = new Pacer(20, Pacer.DEFAULT_GUARD_MILLIS, Pacer.ADAPTIVE_GUARD_CEILING_MILLIS);
                    long now = 1_000_000_000L;
                    List<Long> arrivals = new ArrayList<>();
                    boolean first = true;
                    for (int roll : rolls) {
                        now = pacer.nextSlot(now);
                        pacer.sent(now);
                        // The first request meets the network's floor: no estimate can foresee a delivery faster than
                        // any it has seen, so the guard is only owed the spread above a floor it has measured.
                        long late = jitter == 0 || first ? 0 : roll % (jitter + 1);
                        long back = first ? 0 : roll / 1000 % 6;
                        first = false;
                        arrivals.add(now + 20 + late);
                        pacer.answeredAfter(40 + late + back);
                    }
                    arrivals.sort(null);
                    for (int i = 20; i < arrivals.size(); i++) {
                        assertThat(arrivals.get(i) - arrivals.get(i - 20)).as("21 arrivals, jitter %d ms", jitter)
                                .isGreaterThanOrEqualTo(1000);
                    }
                    double rate = (arrivals.size() - 1) * 1000.0 / (arrivals.get(arrivals.size() - 1) - arrivals.get(0));
                    assertThat(rate).isGreaterThanOrEqualTo(0.97 * 20);
                });
    }

    /** Issue 14's P1 figure: by default the guard stays where it was set, whatever the round trips do. */
    @Test
    void aPacerWithoutACeilingKeepsItsGuardFixed() {
        Pacer pacer = new Pacer(20, 4);
        assertThat(pacer.guardMillis()).as("before any answer").isEqualTo(4);
        for (int i = 0; i < GuardEstimate.SAMPLES; i++) {
            pacer.answeredAfter(100 + i % 13);
        }
        pacer.answeredAfter(900);
        assertThat(pacer.guardMillis()).as("round trips 100–112 ms and a stall").isEqualTo(4);
    }

    @Test
    void theGuardFollowsTheSpreadOfRoundTripsBetweenTheConfiguredOneAndItsCeiling() {
        Pacer pacer = new Pacer(20, 4, Pacer.ADAPTIVE_GUARD_CEILING_MILLIS);
        assertThat(pacer.guardMillis()).as("before any answer").isEqualTo(GuardEstimate.MAX_GUARD_MILLIS);
        for (int i = 0; i < GuardEstimate.SAMPLES; i++) {
            pacer.answeredAfter(100 + i % 3);
        }
        assertThat(pacer.guardMillis()).as("steady round trips").isEqualTo(4);
        for (int i = 0; i < GuardEstimate.SAMPLES; i++) {
            pacer.answeredAfter(100 + i % 13);
        }
        assertThat(pacer.guardMillis()).as("round trips 100–112 ms").isEqualTo(12);
        pacer.answeredAfter(900);
        assertThat(pacer.guardMillis()).as("a stall").isEqualTo(GuardEstimate.MAX_GUARD_MILLIS);
        for (int i = 0; i < GuardEstimate.SAMPLES; i++) {
            pacer.answeredAfter(100);
        }
        assertThat(pacer.guardMillis()).as("once the stall is out of the sample").isEqualTo(4);
    }

    @Test
    void throttlingSlowsDownAndSuccessClimbsBack() {
        Pacer pacer = new Pacer(20, 8);
        pacer.throttled();
        assertThat(pacer.currentRate()).isLessThan(20);
        for (int i = 0; i < 100; i++) {
            pacer.succeeded();
        }
        assertThat(pacer.currentRate()).isEqualTo(20.0);
    }

    @Test
    void uncappedNeverWaits() {
        Pacer pacer = new Pacer(0, 8);
        for (int i = 0; i < 1000; i++) {
            assertThat(pacer.nextSlot(5)).isEqualTo(5);
            pacer.sent(5);
        }
    }
}

package io.zimmigrate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BlockingEngineLoopTest {
    /** A clock standing still 0.95 ms into millisecond 1000: the deadline 1001 is 50 µs away, not a whole ms. */
    private static final Clock NEAR_THE_END_OF_A_MILLISECOND =
            Clock.fixed(Instant.ofEpochMilli(1000).plusNanos(950_000), ZoneOffset.UTC);

    /**
     * A wait computed in whole milliseconds from the truncated now (1001 - 1000) lasted 1 ms and woke the engine
     * 0.95 ms after the deadline; from the clock's instant it is the 50 µs that are left.
     */
    @Test
    void theWaitIsWhatIsLeftToTheDeadlineToTheClocksPrecision() {
        Instant now = NEAR_THE_END_OF_A_MILLISECOND.instant();
        assertThat(BlockingEngineLoop.nanosUntil(now, 1001)).isEqualTo(50_000);
        assertThat(BlockingEngineLoop.nanosUntil(now, 1050)).isEqualTo(49_050_000);
        assertThat(BlockingEngineLoop.nanosUntil(Instant.ofEpochMilli(1000), 1001)).isEqualTo(1_000_000);
        assertThat(BlockingEngineLoop.nanosUntil(now, 1000)).isZero();
        assertThat(BlockingEngineLoop.nanosUntil(now, Long.MIN_VALUE)).isZero();
        assertThat(BlockingEngineLoop.nanosUntil(now, Long.MAX_VALUE)).isGreaterThan(TimeUnit.DAYS.toNanos(365));
    }

    @Test
    void neverReturnsBeforeTheDeadlineWithNothingPosted() throws InterruptedException {
        Clock clock = Clock.systemUTC();
        BlockingEngineLoop loop = new BlockingEngineLoop(clock);
        for (int i = 0; i < 5; i++) {
            long deadline = clock.millis() + 3;
            loop.runUntil(deadline);
            assertThat(clock.millis()).isGreaterThanOrEqualTo(deadline);
        }
    }

    @Test
    void aPastOrFarDeadlineRunsWhatIsPostedAtOnce() throws InterruptedException {
        BlockingEngineLoop loop = new BlockingEngineLoop(NEAR_THE_END_OF_A_MILLISECOND);
        List<String> ran = new ArrayList<>();
        loop.post(() -> ran.add("a"));
        loop.post(() -> ran.add("b"));
        loop.runUntil(Long.MIN_VALUE);
        assertThat(ran).containsExactly("a", "b");
        loop.post(() -> ran.add("c"));
        loop.runUntil(Long.MAX_VALUE);
        assertThat(ran).containsExactly("a", "b", "c");
    }
}

package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.plan.InMemoryPlanStore;
import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.RuleSet;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A fresh run hands its plan over to where it keeps it (issue #13): once kept, the run reads each timeline's first
 * and last task from the kept header, as a resume does, instead of holding them (16 MiB of a 256 MiB heap at 4 M
 * one-to-one timelines). In the seeded simulation, through the real protocol gateway, with faults and crashes
 * anywhere (while keeping the plan too): the fresh run reads those rows from the kept header before its first import,
 * and every valid message lands exactly once, in order, whatever run it was sent by.
 *
 * <p>Scenarios: {@code -Dsim.scenarios=N} (default 80), first seed {@code -Dsim.seed=S}. A failure names its seed.
 */
class FreshRunKeptBoundsSimulationTest {
    private static final long NOW = 1_732_000_000_000L;

    @Test
    void aFreshRunReadsItsBoundsFromTheKeptPlanAndEveryMessageLandsOnceInOrder() {
        int scenarios = Integer.getInteger("sim.scenarios", 80);
        long firstSeed = Long.getLong("sim.seed", 1L);
        int streamed = 0;
        int crashes = 0;
        for (long seed = firstSeed; seed < firstSeed + scenarios; seed++) {
            try {
                int[] r = scenario(seed);
                streamed += r[0];
                crashes += r[1];
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("scenario with seed " + seed + " failed: " + e.getMessage(), e);
            }
        }
        assertThat(streamed).as("fresh runs that read their bounds from the kept header").isGreaterThan(scenarios / 3);
        assertThat(crashes).as("crashes injected").isGreaterThan(scenarios / 2);
    }

    /** Whether the fresh run read its bounds from the kept header before its first import, and the crashes. */
    private static int[] scenario(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<RawMessage> history = history(r);
        ListSource source = new ListSource(history, "fresh-" + seed);
        Map<String, List<String>> expected = SimHistories.expectedTimelines(history, RuleSet.defaults(), NOW);
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, seed, SimMigration.QPS, new SimulatedZim.Faults(0.05, 0.03, 0.02));
        ObservedPlanStore plans = new ObservedPlanStore(zim);
        InMemoryJournal journal = new InMemoryJournal();
        boolean streamedFirst = false;
        MigrationReport report = null;
        int crashes = 0;
        for (int run = 0; report == null; run++) {
            boolean crash = crashes < 4 && (run == 0 ? r.nextInt(3) > 0 : r.nextInt(5) > 0);
            SimLoop loop = new SimLoop(world, crash ? 1 + r.nextInt(1 + history.size() * 3) : Long.MAX_VALUE);
            PlanStore store = crash && run == 0 && r.nextBoolean()
                    ? new CrashingPlanStore(plans.durable, r.nextInt(1 + history.size()), r.nextBoolean()) : plans;
            plans.reads.clear();
            try {
                report = SimMigration.builder(source, zim, journal, loop, seed * 31 + run).planStore(store).build()
                        .run();
            } catch (SimLoop.SimulatedCrash c) {
                crashes++;
                loop.kill();
                world.pass(2_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (run == 0 && store == plans) {
                // The fresh run's table: its rows of bounds (32 bytes a timeline) read from the kept header before
                // the first import left; it kept no copy of them.
                long rows = 32L * expected.size();
                streamedFirst = plans.reads.stream().anyMatch(h -> h.importsAtOpen == 0 && h.bytes > rows);
                boolean imported = zim.requests("ImportPeerMsg") + zim.requests("ImportGroupMsg") > 0;
                assertThat(streamedFirst || !imported || expected.size() < 150)
                        .as("the fresh run read its bounds from the kept header before its first import").isTrue();
            }
        }
        SimHistories.assertHeldExactly(zim, expected);
        assertThat(report.notAttempted()).isZero();
        assertThat(report.imported() + report.importsRejected() + report.alreadyDone()).isEqualTo(report.importCalls());
        report.timelines().forEach((k, t) -> assertThat(t.imported() + t.rejected() + t.alreadyDone())
                .as("counts of %s", k).isEqualTo(t.importCalls()));
        return new int[] {streamedFirst ? 1 : 0, crashes};
    }

    /** One-to-one conversations among U users (some hidden for one side), now and then a group message. */
    private static List<RawMessage> history(SplittableRandom r) {
        int users = 20 + r.nextInt(80);
        int n = 2 * users + r.nextInt(6 * users);
        long time = NOW - 3 * 86_400_000L;
        List<RawMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int x = r.nextInt(users);
            int y = (x + 1 + r.nextInt(users - 1)) % users;
            time += r.nextInt(4) == 0 ? 0 : 1000;
            RawMessage.Builder b = RawMessage.builder().id("m" + i).fromUserId("u" + x).messageType(1)
                    .bodyMessage("b-" + i).sendMessageTime(time);
            if (r.nextInt(20) == 0) {
                b.groupId("g" + r.nextInt(3));
            } else {
                b.toUserId("u" + y).hiddenFor(r.nextInt(8) == 0 ? List.of(r.nextBoolean() ? "u" + x : "u" + y) : null);
            }
            out.add(b.build());
        }
        return out;
    }

    /** A header stream opened: how many imports ZIM had received then, and how many bytes were read from it. */
    private static final class HeaderRead {
        final int importsAtOpen;
        long bytes;

        HeaderRead(int importsAtOpen) {
            this.importsAtOpen = importsAtOpen;
        }
    }

    /** An in-memory store that notes every read of its kept header. */
    private static final class ObservedPlanStore implements PlanStore {
        final InMemoryPlanStore durable = new InMemoryPlanStore();
        final List<HeaderRead> reads = new ArrayList<>();
        private final SimulatedZim zim;

        ObservedPlanStore(SimulatedZim zim) {
            this.zim = zim;
        }

        @Override
        public Optional<Stored> find() {
            return durable.find().map(this::observed);
        }

        private Stored observed(Stored s) {
            return new Stored() {
                @Override
                public byte[] header() {
                    return s.header();
                }

                @Override
                public InputStream headerStream() throws IOException {
                    HeaderRead read = new HeaderRead(zim.requests("ImportPeerMsg") + zim.requests("ImportGroupMsg"));
                    reads.add(read);
                    return new FilterInputStream(s.headerStream()) {
                        @Override
                        public int read() throws IOException {
                            int b = super.read();
                            read.bytes += b < 0 ? 0 : 1;
                            return b;
                        }

                        @Override
                        public int read(byte[] b, int off, int len) throws IOException {
                            int n = super.read(b, off, len);
                            read.bytes += Math.max(0, n);
                            return n;
                        }
                    };
                }

                @Override
                public byte[] footer() {
                    return s.footer();
                }

                @Override
                public ScratchSpace.Run messages() {
                    return s.messages();
                }

                @Override
                public List<Part> parts() {
                    return s.parts();
                }
            };
        }

        @Override
        public Draft draft(byte[] header) {
            return durable.draft(header);
        }

        @Override
        public Draft draft(long length, HeaderWriter header) {
            return durable.draft(length, header);
        }

        @Override
        public void discard() {
            durable.discard();
        }

        @Override
        public Optional<PlanStore> pending() {
            return durable.pending();
        }

        @Override
        public void promotePending() {
            durable.promotePending();
        }

        @Override
        public Optional<Draft> extend(long length, HeaderWriter header, boolean pending) {
            return durable.extend(length, header, pending);
        }

        @Override
        public void tidy() {
            durable.tidy();
        }
    }
}

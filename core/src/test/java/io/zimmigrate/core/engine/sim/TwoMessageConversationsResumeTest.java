package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.plan.InMemoryPlanStore;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * A resume of one-to-one conversations of two messages each, one early and one late (P6's users shape, issue 15),
 * stopped after every early message and most late ones were imported: each open conversation's one unsettled message
 * is its last, so the resume starts reading the kept plan at the block of the first unsettled message, not at the
 * earliest open conversation's first message half the plan before it (500,000 settled messages read one by one
 * before P6's first send).
 */
class TwoMessageConversationsResumeTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final int USERS = 4_096;

    @Test
    void aResumeStartsReadingAtTheFirstUnsettledMessageNotAtItsConversationsFirst() throws Exception {
        List<RawMessage> history = history();
        ListSource source = new ListSource(history, "two-message-conversations");
        InMemoryPlanStore kept = new InMemoryPlanStore();
        InMemoryJournal journal = new InMemoryJournal();
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 7, SimMigration.QPS, SimulatedZim.Faults.none());
        int firstRun = 2 * (2 * USERS - 150); // calls: two views a message
        StopAfter stop = new StopAfter(zim, firstRun);
        try {
            SimMigration.builder(source, zim, journal, new SimLoop(world, Long.MAX_VALUE), 7).gateway(stop)
                    .planStore(kept).build().run();
            throw new AssertionError("the first run was to stop after " + firstRun + " imports");
        } catch (SimLoop.SimulatedCrash expected) {
            world.pass(2_000);
        }
        assertThat(zim.requests("ImportPeerMsg")).as("imports of the first run").isEqualTo(firstRun);

        CountingPlanStore counting = new CountingPlanStore(kept);
        Watch watch = new Watch(zim, counting);
        MigrationReport report = SimMigration.builder(source, zim, journal, new SimLoop(world, Long.MAX_VALUE), 8)
                .gateway(watch).planStore(counting).build().run();

        SimHistories.assertHeldExactly(zim, SimHistories.expectedTimelines(history, RuleSet.defaults(), NOW));
        assertThat(report.notAttempted()).isZero();
        // The first unsettled message is about 150 messages (late ones) before the plan's end, each conversation's
        // first message 4,096 before its last: read from the block of 1,024 that holds the first unsettled one, at
        // most a block and a batch go by before the first send (5,098 read from the earliest open conversation's).
        assertThat(watch.readBeforeFirstImport).as("plan records read before the first import of the resume")
                .isPositive().isLessThan(1_024 + 2 * 128 + 300);
    }

    /** Message i between user i mod U and user i + U/2 + 1 mod U: conversation x's two messages are U apart. */
    private static List<RawMessage> history() {
        List<RawMessage> out = new ArrayList<>();
        long time = NOW - 3 * 86_400_000L;
        for (int i = 0; i < 2 * USERS; i++) {
            int x = i % USERS;
            int y = (x + USERS / 2 + 1) % USERS;
            out.add(RawMessage.builder().id("m" + i).fromUserId("u" + x).toUserId("u" + y).messageType(1)
                    .bodyMessage("b-" + i).sendMessageTime(time + 1_000L * i).build());
        }
        return out;
    }

    /** Dies (as a killed process) when asked for its import number {@code limit} + 1. */
    private static final class StopAfter extends ForwardingGateway {
        private final long limit;
        private long imports;

        StopAfter(SimulatedZim zim, long limit) {
            super(zim.gateway());
            this.limit = limit;
        }

        @Override
        public CompletionStage<Outcome<ImportReceipt>> importMessage(Message message, Timeline timeline) {
            if (++imports > limit) {
                throw new SimLoop.SimulatedCrash();
            }
            return super.importMessage(message, timeline);
        }
    }

    /** Notes how many kept-plan records the run had read when it asked for its first import. */
    private static final class Watch extends ForwardingGateway {
        private final CountingPlanStore plans;
        long readBeforeFirstImport = -1;

        Watch(SimulatedZim zim, CountingPlanStore plans) {
            super(zim.gateway());
            this.plans = plans;
        }

        @Override
        public CompletionStage<Outcome<ImportReceipt>> importMessage(Message message, Timeline timeline) {
            if (readBeforeFirstImport < 0) {
                readBeforeFirstImport = plans.read;
            }
            return super.importMessage(message, timeline);
        }
    }

    /** Another store's kept plan, counting the records its readers hand out (after seeking to where they start). */
    private static final class CountingPlanStore implements PlanStore {
        private final InMemoryPlanStore store;
        long read;

        CountingPlanStore(InMemoryPlanStore store) {
            this.store = store;
        }

        @Override
        public Optional<Stored> find() {
            return store.find().map(s -> {
                List<Part> parts = s.parts().stream().map(p -> new Part(counting(p.messages()), p.footer())).toList();
                return new Stored() {
                    @Override
                    public byte[] header() {
                        return s.header();
                    }

                    @Override
                    public byte[] footer() {
                        return parts.get(0).footer();
                    }

                    @Override
                    public ScratchSpace.Run messages() {
                        return parts.get(0).messages();
                    }

                    @Override
                    public List<Part> parts() {
                        return parts;
                    }
                };
            });
        }

        private ScratchSpace.Run counting(ScratchSpace.Run run) {
            return new ScratchSpace.Run() {
                @Override
                public long size() {
                    return run.size();
                }

                @Override
                public ScratchSpace.RunReader read() {
                    return counted(run.read());
                }

                @Override
                public ScratchSpace.RunReader read(long from) {
                    return counted(run.read(from));
                }
            };
        }

        private ScratchSpace.RunReader counted(ScratchSpace.RunReader reader) {
            return new ScratchSpace.RunReader() {
                @Override
                public boolean hasNext() {
                    return reader.hasNext();
                }

                @Override
                public byte[] next() {
                    read++;
                    return reader.next();
                }

                @Override
                public void close() {
                    reader.close();
                }
            };
        }

        @Override
        public Draft draft(byte[] header) {
            return store.draft(header);
        }

        @Override
        public void discard() {
            store.discard();
        }
    }
}

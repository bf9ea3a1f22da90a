package io.zimmigrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.zimmigrate.core.engine.sim.ListSource;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Planning spills the groups' members to the scratch space (issue #13) and gives what the in-memory member sets
 * gave: each group's members in the order first seen, and a kept plan's header byte for byte the same.
 */
class MemberSpillTest {
    private static final long NOW = 1_732_000_000_000L;

    @Test
    void eachGroupsMembersComeBackInTheOrderFirstSeenHoweverManyRunsTheTableWasWrittenIn() {
        qt().withExamples(100).forAll(longs().all(), integers().between(0, 3000)).checkAssert((seed, n) -> {
            Random random = new Random(seed);
            int groups = 1 + random.nextInt(40);
            int users = 1 + random.nextInt(200);
            UserTable table = new UserTable();
            for (int u = 0; u < users; u++) {
                table.number(new UserId("u" + u));
            }
            CountingScratch scratch = new CountingScratch();
            MemberSpill spill = new MemberSpill(scratch, table, 16); // at most 10 memberships a run
            List<Set<UserId>> expected = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                expected.add(new LinkedHashSet<>());
            }
            for (int i = 0; i < n; i++) {
                int g = random.nextInt(groups);
                if (g % 7 == 3) {
                    continue; // a number with no member (never in a plan; still answered, empty)
                }
                int u = random.nextInt(1 + random.nextInt(users)); // low numbers more often: repeats
                spill.add(g, u);
                expected.get(g).add(new UserId("u" + u));
            }
            spill.add(groups - 1, 0); // the highest number is known
            expected.get(groups - 1).add(new UserId("u0"));
            spill.finish();
            for (int g = 0; g < groups; g++) {
                assertThat(List.copyOf(spill.members(g))).as("group %s", g).containsExactlyElementsOf(expected.get(g));
                assertThat(spill.members(g)).hasSize(expected.get(g).size());
            }
            long memberships = expected.stream().mapToLong(Set::size).sum();
            assertThat((long) scratch.runs).isGreaterThanOrEqualTo(1 + memberships / 11);
        });
    }

    private static List<RawMessage> history(long seed, int n) {
        Random random = new Random(seed);
        int groups = 1 + random.nextInt(300);
        int users = 1 + random.nextInt(400);
        List<RawMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RawMessage.Builder b = RawMessage.builder().id("m" + i).fromUserId("u" + random.nextInt(users))
                    .messageType(1).bodyMessage("b" + i)
                    .sendMessageTime(NOW - 86_400_000L + random.nextInt(5000) * 1000L);
            if (random.nextInt(5) > 0) {
                b.groupId("g" + random.nextInt(groups));
            } else {
                b.toUserId("u" + random.nextInt(users));
            }
            if (random.nextInt(30) == 0) {
                b.fromUserId("bad user"); // rejected: not a member of anything
            }
            out.add(b.build());
        }
        return out;
    }

    private static Plan plan(List<RawMessage> history, int memberSlots) {
        return new Planner(new InputRules(new MessageRules(RuleSet.defaults())), new InMemoryScratchSpace(), 4_000)
                .memberSlots(memberSlots).plan(new ListSource(history, "list"), NOW, r -> {});
    }

    @Test
    void aPlanWithSpilledMembersIsKeptByteForByteAsOneWithMemberSets() {
        qt().withExamples(40).forAll(longs().all(), integers().between(1, 4000)).checkAssert((seed, n) -> {
            List<RawMessage> history = history(seed, n);
            Plan before = plan(history, 0); // today's: a MemberSet per group
            assertThat(before.groups().values()).allSatisfy(g -> assertThat(g.members()).isInstanceOf(MemberSet.class));
            byte[] header = KeptPlan.header("key", before);
            List<GroupId> order = List.copyOf(before.groups().keySet());
            for (int slots : new int[] {16, 1 << 10, MemberSpill.MAX_SLOTS}) {
                Plan spilled = plan(history, slots);
                assertThat(spilled.groups().values())
                        .noneSatisfy(g -> assertThat(g.members()).isInstanceOf(MemberSet.class));
                assertThat(KeptPlan.header("key", spilled)).as("header, %s slots", slots).isEqualTo(header);
                assertThat(List.copyOf(spilled.groups().keySet())).isEqualTo(order); // provisioned in this order
                for (Map.Entry<GroupId, Plan.GroupPlan> e : spilled.groups().entrySet()) {
                    assertThat(e.getValue()).isEqualTo(before.groups().get(e.getKey()));
                }
            }
        });
    }

    /** Scratch space on the heap that counts the runs started. */
    private static final class CountingScratch implements ScratchSpace {
        private final InMemoryScratchSpace inner = new InMemoryScratchSpace();
        int runs;

        @Override
        public RunWriter newRun() {
            runs++;
            return inner.newRun();
        }

        @Override
        public void close() {}
    }
}

package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.MigrationEvent;
import io.zimmigrate.core.engine.MigrationListener;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.plan.InMemoryPlanStore;
import io.zimmigrate.core.port.Journal;
import io.zimmigrate.core.port.MessageSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Writers that a later export (a delta, {@code run} with the same journal) or a growth ({@code run --follow}) adds to
 * a group provisioned already become members before their messages go. Until session 13 they were not invited: a
 * small group's {@code group:ID} line said it was complete, and a big group's {@code members:N:ID} lines counted
 * positions in the earlier plan's order of members, which a new plan may not keep. Checked through the real protocol
 * gateway against the simulated ZIM, with kills between the invitations and the imports.
 */
class NewWritersSimulationTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final long DAY_AGO = NOW - 86_400_000L;

    private static RawMessage message(String group, String id, String from, long at) {
        return RawMessage.builder().id(id).fromUserId(from).groupId(group).messageType(1).bodyMessage("hello " + id)
                .sendMessageTime(at).build();
    }

    /** {@code writers} people each writing one message in {@code group}, the first of them oldest. */
    private static List<RawMessage> group(String group, int writers) {
        List<RawMessage> history = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            history.add(message(group, group + "-m" + i, group + "-u" + i, DAY_AGO + i));
        }
        return history;
    }

    /** {@code count} new writers of {@code group}, each with one message sent after the earlier export's. */
    private static List<RawMessage> newWriters(String group, int count) {
        List<RawMessage> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            added.add(message(group, group + "-new-m" + i, group + "-new-u" + i, DAY_AGO + 3_600_000L + i));
        }
        return added;
    }

    private static Set<String> ids(List<RawMessage> history) {
        Set<String> out = new LinkedHashSet<>();
        history.forEach(m -> out.add(m.fromUserId()));
        return out;
    }

    private static List<RawMessage> concat(List<RawMessage> a, List<RawMessage> b) {
        List<RawMessage> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static final class Counting implements MigrationListener {
        int deltas;
        int growths;

        @Override
        public void onEvent(MigrationEvent e) {
            deltas += e instanceof MigrationEvent.Delta ? 1 : 0;
            growths += e instanceof MigrationEvent.Grown ? 1 : 0;
        }
    }

    private static MigrationReport run(MessageSource source, SimulatedZim zim, Journal journal, InMemoryPlanStore plans,
                                       SimWorld world, MigrationListener listener) throws InterruptedException {
        return SimMigration.builder(source, zim, journal, new SimLoop(world, Long.MAX_VALUE), 7).provision(true)
                .planStore(plans).listener(listener).build().run();
    }

    /** Imports {@code first}, then {@code next} with the same journal, as a delta or as a growth of a followed file. */
    private static SimulatedZim importThenLater(List<RawMessage> first, List<RawMessage> next, boolean growth)
            throws InterruptedException {
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 3, SimMigration.QPS, SimulatedZim.Faults.none());
        InMemoryJournal journal = new InMemoryJournal();
        InMemoryPlanStore plans = new InMemoryPlanStore();
        run(growth ? new GrowingListSource(first) : new ListSource(first, "export-1"), zim, journal, plans, world,
                MigrationListener.NONE);
        world.pass(60_000);
        Counting later = new Counting();
        MigrationReport report = run(growth ? new GrowingListSource(next) : new ListSource(next, "export-2"), zim, journal, plans,
                world, later);
        assertThat(report.stoppedEarly()).isFalse();
        assertThat(growth ? later.growths : later.deltas).as("the second run was a %s", growth ? "growth" : "delta")
                .isEqualTo(1);
        return zim;
    }

    private static void assertEveryWriterAMember(SimulatedZim zim, String group, List<RawMessage> all) {
        assertThat(zim.members(group)).as("the members of %s", group).isEqualTo(ids(all));
        assertThat(zim.timeline("g:" + group)).as("every message of %s imported once", group).hasSize(all.size());
        assertThat(zim.groupMessagesFromNonMembers()).as("messages stored from non-members").isZero();
    }

    @Test
    void aDeltaInvitesTheNewWritersOfABigGroupBeforeTheirMessages() throws Exception {
        List<RawMessage> first = group("g", 150);
        List<RawMessage> next = concat(first, newWriters("g", 3));
        SimulatedZim zim = importThenLater(first, next, false);

        assertEveryWriterAMember(zim, "g", next);
        assertThat(zim.mostInvitationsOfAUser()).as("an earlier member invited again at most once").isLessThanOrEqualTo(2);
        assertThat(zim.requests("InviteUsersIntoGroup")).as("one by the first run, one (the last batch) by the delta")
                .isEqualTo(2);
    }

    @Test
    void aDeltaWhoseNewWriterIsTheNewOwnerStillInvitesEveryone() throws Exception {
        // The new writer's message is older than every earlier one: the new plan's owner is someone not in ZIM yet.
        List<RawMessage> first = group("g", 130);
        List<RawMessage> next = new ArrayList<>(first);
        next.add(message("g", "g-older", "g-newowner", DAY_AGO - 60_000));
        next.addAll(newWriters("g", 2));
        SimulatedZim zim = importThenLater(first, next, false);

        assertThat(zim.members("g")).isEqualTo(ids(next));
        assertThat(zim.groupMessagesFromNonMembers()).isZero();
        // g-older sorts before what ZIM holds of the group: late, reported and not imported (--late=reject).
        assertThat(zim.timeline("g:g")).hasSize(next.size() - 1);
    }

    @Test
    void aDeltaThatDropsAnEarlierWriterKeepsTheOthersAndInvitesTheNewOnes() throws Exception {
        // g-u3's one message is gone from the new export: everyone after it moves up one place in the new plan.
        List<RawMessage> first = group("g", 230);
        List<RawMessage> next = new ArrayList<>(first);
        next.remove(3);
        next.addAll(newWriters("g", 3));
        SimulatedZim zim = importThenLater(first, next, false);

        Set<String> expected = ids(next);
        expected.add("g-u3"); // a member stays a member: a migration only adds
        assertThat(zim.members("g")).isEqualTo(expected);
        assertThat(zim.groupMessagesFromNonMembers()).isZero();
        assertThat(zim.mostInvitationsOfAUser()).isLessThanOrEqualTo(2);
    }

    @Test
    void aDeltaWhoseNewWritersComeFirstInTheExportStillInvitesEveryone() throws Exception {
        // The new export lists the new writers first: the plan's order of members (first seen) puts them before the
        // earlier ones, so positions counted in the earlier plan mean other people now.
        List<RawMessage> first = group("g", 250);
        List<RawMessage> next = concat(newWriters("g", 3), first);
        SimulatedZim zim = importThenLater(first, next, false);

        assertEveryWriterAMember(zim, "g", next);
    }

    @Test
    void aDeltaInvitesANewWriterOfASmallGroup() throws Exception {
        List<RawMessage> first = group("s", 20);
        List<RawMessage> next = concat(first, newWriters("s", 1));
        SimulatedZim zim = importThenLater(first, next, false);

        assertEveryWriterAMember(zim, "s", next);
    }

    @Test
    void aGrowthInvitesTheNewWritersOfABigGroup() throws Exception {
        List<RawMessage> first = group("g", 150);
        List<RawMessage> next = concat(first, newWriters("g", 3));
        SimulatedZim zim = importThenLater(first, next, true);

        assertEveryWriterAMember(zim, "g", next);
        assertThat(zim.mostInvitationsOfAUser()).isLessThanOrEqualTo(2);
    }

    @Test
    void aGrowthInvitesNewWritersOfASmallGroupThatPassesAHundred() throws Exception {
        // 89 others, then 15 more: the first hundred positions are no longer all known to be in.
        List<RawMessage> first = group("s", 90);
        List<RawMessage> next = concat(first, newWriters("s", 15));
        SimulatedZim zim = importThenLater(first, next, true);

        assertEveryWriterAMember(zim, "s", next);
    }

    @Test
    void aKillBetweenTheDeltasInvitationsAndItsImportsSkipsNobody() throws Exception {
        List<RawMessage> first = concat(group("g", 150), group("s", 20));
        List<RawMessage> next = concat(concat(first, newWriters("g", 3)), newWriters("s", 2));
        int crashes = 0;
        for (int write = 1; write <= 12; write++) {
            for (boolean durable : new boolean[] {true, false}) {
                SimWorld world = new SimWorld(NOW);
                SimulatedZim zim = new SimulatedZim(world, write, SimMigration.QPS, SimulatedZim.Faults.none());
                InMemoryJournal journal = new InMemoryJournal();
                InMemoryPlanStore plans = new InMemoryPlanStore();
                run(new ListSource(first, "export-1"), zim, journal, plans, world, MigrationListener.NONE);
                world.pass(60_000);
                int invitedBefore = zim.requests("InviteUsersIntoGroup");
                try {
                    run(new ListSource(next, "export-2"), zim, new CrashingJournal(journal, write, durable), plans, world,
                            MigrationListener.NONE);
                } catch (SimLoop.SimulatedCrash c) {
                    crashes++;
                }
                world.pass(2_000);
                run(new ListSource(next, "export-2"), zim, journal, plans, world, MigrationListener.NONE);

                String at = "crash on write " + write + (durable ? "" : ", the write lost");
                assertThat(zim.members("g")).as(at).isEqualTo(ids(concat(group("g", 150), newWriters("g", 3))));
                assertThat(zim.members("s")).as(at).isEqualTo(ids(concat(group("s", 20), newWriters("s", 2))));
                assertThat(zim.timeline("g:g")).as(at).hasSize(153);
                assertThat(zim.timeline("g:s")).as(at).hasSize(22);
                assertThat(zim.groupMessagesFromNonMembers()).as(at).isZero();
                assertThat(zim.mostInvitationsOfAUser()).as("%s (%d invitations before the delta)", at, invitedBefore)
                        .isLessThanOrEqualTo(3);
            }
        }
        assertThat(crashes).as("most of these runs did crash").isGreaterThan(8);
    }
}

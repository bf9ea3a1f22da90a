package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.plan.InMemoryPlanStore;
import io.zimmigrate.core.port.MessageSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: who invites. InviteUsersIntoGroup's {@code FromUserId} is the operator, and "if the array contains the
 * same value as FromUserId, that value will be removed" (add-group-members.yaml; the emulator does so too). A group
 * found already there invites its owner, since nothing says the owner is in: a group made by someone else, or one
 * whose owner a later export changed (a new writer's older message). Sent as that owner, the invitation added
 * nobody: the owner stayed out, and ZIM refuses a group message from a non-member. The simulated ZIM removes the
 * operator from every invitation, as the spec says; reached through the real protocol gateway.
 */
class InviterSimulationTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final long DAY_AGO = NOW - 86_400_000L;

    private static RawMessage message(String group, String id, String from, long at) {
        return RawMessage.builder().id(id).fromUserId(from).groupId(group).messageType(1).bodyMessage("hello " + id)
                .sendMessageTime(at).build();
    }

    private static List<RawMessage> group(String group, int writers) {
        List<RawMessage> history = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            history.add(message(group, group + "-m" + i, group + "-u" + i, DAY_AGO + i));
        }
        return history;
    }

    /**
     * A delta whose new writer has an older message (late, not imported) and a new one: the new plan's owner, not in
     * ZIM yet, must become a member before the new one goes.
     */
    @Test
    void aNewOwnerByAnOlderMessageBecomesAMemberOfABigGroup() throws Exception {
        checkNewOwner(130);
    }

    @Test
    void aNewOwnerByAnOlderMessageBecomesAMemberOfASmallGroup() throws Exception {
        checkNewOwner(5);
    }

    /** A group someone else made, with nobody in it: every writer is invited, the owner by another of them. */
    @Test
    void aGroupMadeBySomeoneElseGetsItsOwnerIn() throws Exception {
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 3, SimMigration.QPS, SimulatedZim.Faults.none());
        zim.existingGroup("g", "someone-else");
        List<RawMessage> history = group("g", 3);
        MigrationReport report = run(new ListSource(history, "export-1"), zim, new InMemoryJournal(),
                new InMemoryPlanStore(), world);
        assertThat(report.stoppedEarly()).isFalse();
        assertThat(zim.members("g")).containsAll(writers(history));
        assertThat(zim.groupMessagesFromNonMembers()).isZero();
        assertThat(zim.timeline("g:g")).hasSize(3);
    }

    private void checkNewOwner(int writers) throws Exception {
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 3, SimMigration.QPS, SimulatedZim.Faults.none());
        InMemoryJournal journal = new InMemoryJournal();
        InMemoryPlanStore plans = new InMemoryPlanStore();
        List<RawMessage> first = group("g", writers);
        run(new ListSource(first, "export-1"), zim, journal, plans, world);
        world.pass(60_000);
        List<RawMessage> next = new ArrayList<>(first);
        next.add(message("g", "g-older", "g-newowner", DAY_AGO - 60_000)); // the new plan's owner
        next.add(message("g", "g-newer", "g-newowner", DAY_AGO + 3_600_000L));
        MigrationReport report = run(new ListSource(next, "export-2"), zim, journal, plans, world);
        assertThat(report.stoppedEarly()).isFalse();
        assertThat(zim.members("g")).as("every writer a member, the new owner too").containsAll(writers(next));
        assertThat(zim.groupMessagesFromNonMembers()).as("messages stored from non-members").isZero();
        // g-older sorts before what ZIM holds of the group: late, reported and not imported (--late=reject).
        assertThat(zim.timeline("g:g")).hasSize(writers + 1);
    }

    private static Set<String> writers(List<RawMessage> history) {
        Set<String> out = new LinkedHashSet<>();
        history.forEach(m -> out.add(m.fromUserId()));
        return out;
    }

    private static MigrationReport run(MessageSource source, SimulatedZim zim, InMemoryJournal journal,
                                       InMemoryPlanStore plans, SimWorld world) throws InterruptedException {
        return SimMigration.builder(source, zim, journal, new SimLoop(world, Long.MAX_VALUE), 7).provision(true)
                .planStore(plans).build().run();
    }
}

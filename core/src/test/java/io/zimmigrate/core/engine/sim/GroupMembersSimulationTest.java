package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.MigrationEvent;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.port.Journal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Everyone who wrote in a group ends up a member of it in ZIM, however many they are: CreateGroup takes the owner and
 * 100 members, InviteUsersIntoGroup the rest, 100 per call and one call per second per group (ZIM's group-level
 * limit, 660300006). Before session 13 a group got its first 100 members only, and its other writers' messages were
 * imported as from non-members. Checked through the real protocol gateway against the simulated ZIM, with kills.
 */
class GroupMembersSimulationTest {
    private static final long NOW = 1_732_000_000_000L;

    /** {@code writers} people each writing one message in {@code group}, the first of them oldest. */
    private static List<RawMessage> group(String group, int writers, int from) {
        List<RawMessage> history = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            history.add(RawMessage.builder().id(group + "-m" + i).fromUserId(group + "-u" + i).groupId(group)
                    .messageType(1).bodyMessage("hello " + i).sendMessageTime(NOW - 86_400_000L + from + i).build());
        }
        return history;
    }

    private static Set<String> writers(String group, int writers) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < writers; i++) {
            out.add(group + "-u" + i);
        }
        return out;
    }

    private static MigrationReport run(List<RawMessage> history, SimulatedZim zim, Journal journal, SimLoop loop)
            throws InterruptedException {
        return SimMigration.builder(new ListSource(history), zim, journal, loop, 7).provision(true).build().run();
    }

    @Test
    void aGroupOf250WritersEndsWith250MembersAndEveryMessageFromAMember() throws Exception {
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 3, SimMigration.QPS, SimulatedZim.Faults.none());
        MigrationReport report = run(group("g", 250, 0), zim, new InMemoryJournal(), new SimLoop(world, Long.MAX_VALUE));

        assertThat(report.imported()).isEqualTo(250);
        assertThat(zim.members("g").size()).as("the owner, 100 at creation, 149 invited").isEqualTo(250);
        assertThat(zim.members("g")).isEqualTo(writers("g", 250));
        assertThat(zim.requests("InviteUsersIntoGroup")).as("149 others after the first 100: 2 calls").isEqualTo(2);
        assertThat(zim.mostInvitationsOfAUser()).isEqualTo(1);
        assertThat(zim.groupThrottledAnswers()).isZero();
        long lastInvite = zim.arrivals("InviteUsersIntoGroup").stream().mapToLong(Long::longValue).max().orElseThrow();
        long firstImport = zim.arrivals("ImportGroupMsg").stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat(firstImport).as("a group's messages wait until its members are in").isGreaterThan(lastInvite);
    }

    @Test
    void invitationsArePacedAtOnePerSecondPerGroupAndGroupsGoSideBySide() throws Exception {
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 11, SimMigration.QPS, SimulatedZim.Faults.none());
        zim.setArrivalJitter(40); // a later request may overtake an earlier one by up to 40 ms on its way
        List<RawMessage> history = new ArrayList<>();
        int groups = 6;
        for (int g = 0; g < groups; g++) {
            history.addAll(group("g" + g, 501, g * 1000)); // 500 others: 100 at creation, then 4 invitations
        }
        run(history, zim, new InMemoryJournal(), new SimLoop(world, Long.MAX_VALUE));

        List<Long> all = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            assertThat(zim.members("g" + g).size()).isEqualTo(501);
            assertThat(zim.members("g" + g)).isEqualTo(writers("g" + g, 501));
            List<Long> at = zim.inviteArrivals("g" + g);
            assertThat(at).hasSize(4);
            for (int k = 1; k < at.size(); k++) {
                assertThat(at.get(k) - at.get(k - 1)).as("group g%d, invitation %d", g, k).isGreaterThanOrEqualTo(1000);
            }
            all.addAll(at);
        }
        // (The jitter makes the app-wide cap throttle an import now and then: the action pacers' guard is 4 ms.)
        assertThat(zim.groupThrottledAnswers()).as("answers over the group-level limit").isZero();
        assertThat(zim.busiestSlidingSecond("InviteUsersIntoGroup")).isLessThanOrEqualTo(SimMigration.QPS);
        all.sort(null);
        double seconds = (all.get(all.size() - 1) - all.get(0)) / 1000.0;
        // One pacer for every group would need 23 s for 24 invitations; a pacer per group sends them side by side.
        assertThat(seconds).as("the invitation phase").isLessThan(6.0);
    }

    @Test
    void aKillBetweenInvitationsResumesWithoutInvitingAnyoneTwiceOrSkippingAnyone() throws Exception {
        List<RawMessage> history = group("g", 450, 0); // 449 others: 100 at creation, 4 invitations
        int crashes = 0;
        for (int write = 1; write <= 14; write++) {
            SimWorld world = new SimWorld(NOW);
            SimulatedZim zim = new SimulatedZim(world, write, SimMigration.QPS, SimulatedZim.Faults.none());
            InMemoryJournal durable = new InMemoryJournal();
            try {
                run(history, zim, new CrashingJournal(durable, write, true), new SimLoop(world, Long.MAX_VALUE));
            } catch (SimLoop.SimulatedCrash c) {
                crashes++;
            }
            world.pass(2_000);
            int invitedBefore = zim.requests("InviteUsersIntoGroup");
            run(history, zim, durable, new SimLoop(world, Long.MAX_VALUE));

            assertThat(zim.timeline("g:g")).as("crash on write %d", write).hasSize(450);
            assertThat(zim.members("g").size()).as("crash on write %d", write).isEqualTo(450);
            assertThat(zim.members("g")).isEqualTo(writers("g", 450));
            // Each write is durable before the crash, and the next invitation only leaves after the write that
            // records the one before: nobody is invited twice.
            assertThat(zim.mostInvitationsOfAUser()).as("crash on write %d (%d invitations before it)", write,
                    invitedBefore).isLessThanOrEqualTo(1);
            assertThat(zim.requests("InviteUsersIntoGroup")).isEqualTo(4);
        }
        assertThat(crashes).as("most of these runs did crash").isGreaterThan(8);
    }

    @Test
    void aKillThatLosesTheLastWriteInvitesOnlyThatOneBatchAgain() throws Exception {
        List<RawMessage> history = group("g", 450, 0);
        for (int write = 1; write <= 14; write++) {
            SimWorld world = new SimWorld(NOW);
            SimulatedZim zim = new SimulatedZim(world, write, SimMigration.QPS, SimulatedZim.Faults.none());
            InMemoryJournal durable = new InMemoryJournal();
            try {
                run(history, zim, new CrashingJournal(durable, write, false), new SimLoop(world, Long.MAX_VALUE));
            } catch (SimLoop.SimulatedCrash c) {
                // the write that recorded the last answer is lost
            }
            world.pass(2_000);
            run(history, zim, durable, new SimLoop(world, Long.MAX_VALUE));

            assertThat(zim.members("g").size()).as("crash on write %d", write).isEqualTo(450);
            assertThat(zim.members("g")).isEqualTo(writers("g", 450));
            long twice = writers("g", 450).stream().filter(u -> zim.timesInvited("g", u) > 1).count();
            assertThat(twice).as("crash on write %d: only the batch whose record was lost", write)
                    .isLessThanOrEqualTo(100);
            assertThat(zim.mostInvitationsOfAUser()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void aGroupThatWasAlreadyThereGetsEveryWriterInvitedTheFirstHundredToo() throws Exception {
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 5, SimMigration.QPS, SimulatedZim.Faults.none());
        zim.existingGroup("g", "g-u0", "someone-else");
        zim.existingGroup("small", "small-u0");
        List<RawMessage> history = new ArrayList<>(group("g", 250, 0));
        history.addAll(group("small", 30, 500));
        InMemoryJournal journal = new InMemoryJournal();
        run(history, zim, journal, new SimLoop(world, Long.MAX_VALUE));

        Set<String> expected = new LinkedHashSet<>(writers("g", 250));
        expected.add("someone-else");
        assertThat(zim.members("g").size()).as("nothing said who was in it: all 249 others invited").isEqualTo(251);
        assertThat(zim.members("g")).isEqualTo(expected);
        assertThat(zim.members("small")).isEqualTo(writers("small", 30));
        // small's one batch holds every other writer: its owner goes alone after it, invited by small-u1 (ZIM drops
        // the operator from its own invitation, so the owner cannot ride in a batch it sends itself).
        assertThat(zim.requests("InviteUsersIntoGroup")).as("3 for g, 2 for small").isEqualTo(5);
        assertThat(zim.timeline("g:g")).hasSize(250);

        run(history, zim, journal, new SimLoop(world, Long.MAX_VALUE));
        assertThat(zim.requests("InviteUsersIntoGroup")).as("a resume invites nobody again").isEqualTo(5);
        assertThat(zim.requests("CreateGroup")).isEqualTo(2);
    }

    @Test
    void aRefusedMemberIsReportedAndTheNextRunInvitesAgainFromItsBatch() throws Exception {
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 9, SimMigration.QPS, SimulatedZim.Faults.none());
        zim.refusedInvitees().add("g-u250"); // in the second invitation (g-u201..g-u300)
        List<RawMessage> history = group("g", 350, 0); // 349 others: 100 at creation, 3 invitations
        InMemoryJournal journal = new InMemoryJournal();
        List<MigrationEvent> events = new ArrayList<>();
        SimMigration.builder(new ListSource(history), zim, journal, new SimLoop(world, Long.MAX_VALUE), 7)
                .provision(true).listener(events::add).build().run();

        assertThat(zim.members("g")).hasSize(349).doesNotContain("g-u250");
        assertThat(events).filteredOn(e -> e instanceof MigrationEvent.ProvisionFailed).singleElement()
                .isEqualTo(new MigrationEvent.ProvisionFailed("user:g-u250 in group:g", 660700015L, ""));
        assertThat(events).as("the group is not complete")
                .noneMatch(e -> e.equals(new MigrationEvent.Provisioned("group:g")));
        assertThat(zim.requests("InviteUsersIntoGroup")).as("the others were still invited").isEqualTo(3);

        zim.refusedInvitees().clear(); // e.g. the user was registered meanwhile
        List<MigrationEvent> again = new ArrayList<>();
        SimMigration.builder(new ListSource(history), zim, journal, new SimLoop(world, Long.MAX_VALUE), 7)
                .provision(true).listener(again::add).build().run();
        assertThat(zim.members("g")).isEqualTo(writers("g", 350));
        assertThat(zim.requests("InviteUsersIntoGroup")).as("again from the refused batch: 2 more").isEqualTo(5);
        assertThat(zim.timesInvited("g", "g-u220")).as("in the refused batch").isEqualTo(2);
        assertThat(zim.timesInvited("g", "g-u320")).as("after the refused batch").isEqualTo(2);
        assertThat(zim.timesInvited("g", "g-u150")).as("in the first invitation, journaled").isEqualTo(1);
        assertThat(zim.timesInvited("g", "g-u50")).as("in at creation, never invited").isZero();
        assertThat(again).contains(new MigrationEvent.Provisioned("group:g"));
    }

    @Test
    void killedAnywhereEveryWriterEndsAMemberAndEveryMessageIsImportedOnce() throws Exception {
        List<RawMessage> history = new ArrayList<>(group("a", 330, 0));
        history.addAll(group("b", 210, 500));
        for (long turns = 3; turns < 400; turns += 23) {
            SimWorld world = new SimWorld(NOW);
            SimulatedZim zim = new SimulatedZim(world, turns, SimMigration.QPS,
                    new SimulatedZim.Faults(0.05, 0, 0));
            InMemoryJournal journal = new InMemoryJournal();
            try {
                run(history, zim, journal, new SimLoop(world, turns));
            } catch (SimLoop.SimulatedCrash c) {
                // killed: answers in flight are lost with it
            }
            world.pass(2_000);
            run(history, zim, journal, new SimLoop(world, Long.MAX_VALUE));

            assertThat(zim.members("a").size()).as("killed after %d turns", turns).isEqualTo(330);
            assertThat(zim.members("a")).isEqualTo(writers("a", 330));
            assertThat(zim.members("b")).isEqualTo(writers("b", 210));
            assertThat(zim.timeline("g:a")).hasSize(330);
            assertThat(zim.timeline("g:b")).hasSize(210);
            assertThat(zim.mostInvitationsOfAUser()).as("only a batch in flight at the kill goes again")
                    .isLessThanOrEqualTo(2);
            assertThat(zim.groupThrottledAnswers()).isZero();
        }
    }
}

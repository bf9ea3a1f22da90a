package io.zimmigrate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.journal.JournalCarryOver;
import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.plan.Plan;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A journal's records of a group's members, said in a new plan's order of members (delta, growth). */
class GroupMembersCarryTest {
    private static List<UserId> users(String... ids) {
        List<UserId> out = new ArrayList<>();
        for (String id : ids) {
            out.add(new UserId(id));
        }
        return out;
    }

    private static int run(List<UserId> before, int known, String ownerBefore, List<UserId> now) {
        return GroupMembersCarry.knownRun(before.iterator(), known, new UserId(ownerBefore), now.iterator());
    }

    @Test
    void theRunOfKnownMembersFollowsTheNewOrderWhereverTheEarlierOnesAre() {
        assertThat(run(users("a", "b", "c"), 3, "o", users("a", "b", "c", "new"))).as("same order, one added").isEqualTo(3);
        assertThat(run(users("a", "b", "c", "d"), 4, "o", users("a", "c", "b", "d", "new"))).as("reordered").isEqualTo(4);
        assertThat(run(users("a", "b", "c"), 3, "o", users("a", "new", "b", "c"))).as("a new one between").isEqualTo(1);
        assertThat(run(users("a", "b", "c", "d"), 2, "o", users("a", "b", "c"))).as("only 2 known").isEqualTo(2);
        assertThat(run(users("a", "b"), 2, "o", users("a", "o", "b"))).as("the earlier owner is in").isEqualTo(3);
        assertThat(run(users("a", "b"), 2, "o", users("new", "a", "b"))).as("a new one first").isZero();
    }

    private static Plan.GroupPlan group(String id, String owner, int writers, String... added) {
        Set<UserId> members = new LinkedHashSet<>();
        members.add(new UserId(owner));
        for (int i = 1; i < writers; i++) {
            members.add(new UserId("u" + i));
        }
        members.addAll(users(added));
        return new Plan.GroupPlan(new GroupId(id), new UserId(owner), 1, members, 1);
    }

    private static JournalState journaled(String... subjects) {
        JournalState state = new JournalState();
        for (String s : subjects) {
            state.apply(new JournalEntry.Provisioned(s));
        }
        return state;
    }

    private static List<String> records(JournalState state) {
        List<String> out = new ArrayList<>();
        JournalCarryOver.provisionedTexts(state).forEach(out::add);
        out.sort(null);
        return out;
    }

    @Test
    void aBigGroupKeepsItsCreationAndTheBatchesBeforeTheFirstNewWriter() {
        JournalState state = journaled("user:x", "group:g", "members:200:g", "members:229:g");
        GroupMembersCarry.carry(state, Map.of(new GroupId("g"), group("g", "u0", 230)),
                Map.of(new GroupId("g"), group("g", "u0", 230, "n1", "n2")), null);
        // 231 others now: created with 100, 200 known, the last batch (200..230) not known in full
        assertThat(records(state)).containsExactly("group:g", "members:200:g", "user:x");
    }

    @Test
    void aSmallGroupWithANewWriterIsFoundAgainAndEveryoneInvited() {
        JournalState state = journaled("group:s");
        GroupMembersCarry.carry(state, Map.of(new GroupId("s"), group("s", "u0", 20)),
                Map.of(new GroupId("s"), group("s", "u0", 20, "n1")), null);
        assertThat(records(state)).isEmpty();
    }

    @Test
    void anUnchangedGroupKeepsItsRecordAndAGroupTheNewPlanLacksIsLeftAsItIs() {
        JournalState state = journaled("group:g", "members:149:g", "group:gone", "members:150:gone");
        GroupMembersCarry.carry(state, Map.of(new GroupId("g"), group("g", "u0", 150),
                        new GroupId("gone"), group("gone", "u0", 151)),
                Map.of(new GroupId("g"), group("g", "u0", 150)), null);
        assertThat(records(state)).containsExactly("group:g", "group:gone", "members:149:g", "members:150:gone");
    }

    @Test
    void anotherOwnerNotKnownToBeInStartsTheGroupOver() {
        JournalState state = journaled("group:g", "members:149:g");
        Plan.GroupPlan before = group("g", "u0", 150);
        Set<UserId> members = new LinkedHashSet<>(before.members());
        members.add(new UserId("older")); // listed last, sent first: the new plan's owner
        Plan.GroupPlan now = new Plan.GroupPlan(new GroupId("g"), new UserId("older"), 0, members, 0);
        GroupMembersCarry.carry(state, Map.of(new GroupId("g"), before), Map.of(new GroupId("g"), now), null);
        assertThat(records(state)).isEmpty();
        // With --group-owner the owner never changes: the record stays.
        JournalState owned = journaled("group:g", "members:150:g");
        GroupMembersCarry.carry(owned, Map.of(new GroupId("g"), before), Map.of(new GroupId("g"), now),
                new UserId("boss"));
        assertThat(records(owned)).containsExactly("group:g");
    }

    @Test
    void recordsOfAPlanBeforeTheEarlierOneAreDropped() {
        JournalState state = journaled("group:old", "members:200:old");
        GroupMembersCarry.carry(state, Map.of(), Map.of(new GroupId("old"), group("old", "u0", 300)), null);
        assertThat(records(state)).isEmpty();
    }
}

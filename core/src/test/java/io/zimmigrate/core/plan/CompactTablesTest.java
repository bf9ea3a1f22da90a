package io.zimmigrate.core.plan;

import io.zimmigrate.core.table.PagedLongs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.UserId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The planner's compact tables answer exactly as the collections they replace, in the same order. */
class CompactTablesTest {
    /** IDs from a small alphabet so that repeats are common, with non-ASCII and NUL as in timeline keys. */
    private static String id(int n) {
        return (n % 3 == 0 ? "é" : n % 3 == 1 ? "p:a\u0000" : "u") + n;
    }

    @Test
    void usersAndMembersAreTheSetsTheyReplace() {
        qt().withExamples(200).forAll(lists().of(integers().between(0, 500)).ofSizeBetween(0, 3000))
                .checkAssert(ns -> {
                    Set<UserId> expectedUsers = new LinkedHashSet<>();
                    Set<UserId> expectedMembers = new LinkedHashSet<>();
                    UserTable users = new UserTable();
                    MemberSet members = new MemberSet(users);
                    for (int n : ns) {
                        UserId u = new UserId(id(n));
                        assertThat(users.add(u)).isEqualTo(expectedUsers.add(u));
                        if (n % 2 == 0) {
                            assertThat(members.add(u)).isEqualTo(expectedMembers.add(u));
                        }
                    }
                    assertThat(List.copyOf(users)).containsExactlyElementsOf(expectedUsers);
                    assertThat(List.copyOf(members)).containsExactlyElementsOf(expectedMembers);
                    assertThat(members.contains(new UserId(id(1)))).isEqualTo(expectedMembers.contains(new UserId(id(1))));
                    assertThat(users.contains(new UserId("nobody"))).isFalse();
                    assertThat(members.contains(new UserId("nobody"))).isFalse();
                });
    }

    @Test
    void timelinesCountCallsAndFindTheFirstAndLastTaskInAnyOrder() {
        qt().withExamples(200).forAll(lists().of(integers().between(0, 10_000)).ofSizeBetween(0, 2000))
                .checkAssert(ns -> {
                    Map<String, long[]> expected = new LinkedHashMap<>();
                    TimelineTable table = new TimelineTable();
                    for (int i = 0; i < ns.size(); i++) {
                        String key = id(ns.get(i) % 97);
                        long time = ns.get(i) / 97;
                        table.saw(key, time, i);
                        long[] e = expected.computeIfAbsent(key, k -> new long[] {0, Long.MAX_VALUE, 0, Long.MIN_VALUE, 0});
                        e[0]++;
                        if (time < e[1]) {
                            e[1] = time;
                            e[2] = i;
                        }
                        if (time >= e[3]) {
                            e[3] = time;
                            e[4] = i;
                        }
                    }
                    Map<String, Plan.TimelinePlan> model = new HashMap<>();
                    expected.forEach((k, e) -> model.put(k, new Plan.TimelinePlan(e[0], new TaskKey(e[1], e[2]),
                            new TaskKey(e[3], e[4]))));
                    assertThat(table).isEqualTo(model).hasSize(model.size());
                    assertThat(List.copyOf(table.keySet())).containsExactlyElementsOf(expected.keySet());
                    assertThat(table.get("absent")).isNull();

                    TimelineTable copy = new TimelineTable();
                    table.forEach(copy::put);
                    assertThat(copy).isEqualTo(model);
                });
    }

    @Test
    void manyOneToOneViewsAcrossPagesAndRehashesAreFoundByKeyAndListedInOrder() {
        UserTable users = new UserTable();
        TimelineTable table = new TimelineTable(users);
        int n = 3 * PagedLongs.PAGE + 123;
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            io.zimmigrate.core.model.Timeline t = i % 10 == 0
                    ? new io.zimmigrate.core.model.Timeline.GroupTimeline(new io.zimmigrate.core.model.GroupId("g" + i))
                    : new io.zimmigrate.core.model.Timeline.PeerTimeline(new UserId("u" + i), new UserId("u" + (i + 1)));
            table.saw(t, 1000 + i, i);
            table.saw(t, 5 + i, 2L * n + i);
            keys.add(t.key());
        }
        assertThat(table).hasSize(n);
        assertThat(List.copyOf(table.keySet())).containsExactlyElementsOf(keys);
        for (int i = 0; i < n; i++) {
            assertThat(table.get(keys.get(i))).isEqualTo(new Plan.TimelinePlan(2, new TaskKey(5 + i, 2L * n + i),
                    new TaskKey(1000 + i, i)));
        }
        assertThat(table.get("p:u1\u0000u3")).isNull(); // both users known, never a timeline together
        assertThat(table.get("p:u1\u0000nobody")).isNull();
        Set<UserId> expectedUsers = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            if (i % 10 != 0) {
                expectedUsers.add(new UserId("u" + i));
                expectedUsers.add(new UserId("u" + (i + 1)));
            }
        }
        assertThat(List.copyOf(users)).containsExactlyElementsOf(expectedUsers); // numbered by the views, once each
    }
}

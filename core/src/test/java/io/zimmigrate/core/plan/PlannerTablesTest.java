package io.zimmigrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.zimmigrate.core.engine.sim.ListSource;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.Conversation;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.RetentionWindow;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.rules.Validation;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The planner's tables and the forecast, taken the short way (each user numbered once per message, groups by their
 * timeline's number, the forecast read from the encoded messages), against the long way they were taken before
 * (a user lookup per view and per member set, a map of groups by ID, every message decoded again): the same users in
 * the same order, the same timelines, groups, members and owners, the same forecast. Histories mix groups,
 * one-to-one pairs, hidden views, equal send times, messages old enough to expire and rejected records.
 */
class PlannerTablesTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final long DAY = RetentionWindow.DAY_MILLIS;

    private static List<RawMessage> history(long seed, int n) {
        Random random = new Random(seed);
        int users = 2 + random.nextInt(30);
        int groups = 1 + random.nextInt(8);
        List<RawMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String from = "u" + random.nextInt(users);
            RawMessage.Builder b = RawMessage.builder().id("m" + i).fromUserId(from).messageType(1).bodyMessage("b" + i)
                    // Some near the window's edge (they expire at a slow cap), some sharing a send time.
                    .sendMessageTime(NOW - (random.nextBoolean() ? 29 * DAY : DAY) + random.nextInt(50) * 1000L);
            if (random.nextInt(3) == 0) {
                b.groupId("g" + random.nextInt(groups));
            } else {
                String to = "u" + random.nextInt(users);
                b.toUserId(to);
                int hide = random.nextInt(6);
                b.hiddenFor(hide == 0 ? List.of(from) : hide == 1 ? List.of(to) : null);
            }
            if (random.nextInt(20) == 0) {
                b.id("m" + random.nextInt(i + 1)); // a duplicate ID now and then: rejected
            }
            out.add(b.build());
        }
        return out;
    }

    /** What the planner should have learned, taken the long way from the accepted messages in input order. */
    private record Expected(List<UserId> users, Map<String, Plan.TimelinePlan> timelines,
                            Map<GroupId, List<UserId>> members, Map<GroupId, UserId> owners, long groupImports,
                            long peerImports) {}

    private static Expected expected(List<RawMessage> history) {
        InputRules rules = new InputRules(new MessageRules(RuleSet.defaults()));
        Set<UserId> users = new LinkedHashSet<>();
        Map<String, long[]> timelines = new LinkedHashMap<>();
        Map<GroupId, Set<UserId>> members = new LinkedHashMap<>();
        Map<GroupId, UserId> owners = new LinkedHashMap<>();
        Map<GroupId, long[]> ownerKeys = new LinkedHashMap<>();
        long groupImports = 0;
        long peerImports = 0;
        for (int i = 0; i < history.size(); i++) {
            Locator at = Locator.line("list", i + 1);
            if (!(rules.check(new SourceRecord.Readable(at, history.get(i)), NOW) instanceof Validation.Accepted a)) {
                continue;
            }
            Message m = a.message();
            users.add(m.sender());
            if (m.conversation() instanceof Conversation.Group g) {
                members.computeIfAbsent(g.groupId(), id -> new LinkedHashSet<>()).add(m.sender());
                long[] key = ownerKeys.computeIfAbsent(g.groupId(), id -> new long[] {Long.MAX_VALUE, Long.MAX_VALUE});
                if (m.sendTime() < key[0] || m.sendTime() == key[0] && m.ordinal() < key[1]) {
                    key[0] = m.sendTime();
                    key[1] = m.ordinal();
                    owners.put(g.groupId(), m.sender());
                }
            } else {
                users.add(((Conversation.OneToOne) m.conversation()).recipient());
            }
            for (Timeline t : m.timelines()) {
                long[] s = timelines.computeIfAbsent(t.key(),
                        k -> new long[] {0, Long.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE});
                s[0]++;
                if (m.sendTime() < s[1] || m.sendTime() == s[1] && m.ordinal() < s[2]) {
                    s[1] = m.sendTime();
                    s[2] = m.ordinal();
                }
                if (m.sendTime() > s[3] || m.sendTime() == s[3] && m.ordinal() > s[4]) {
                    s[3] = m.sendTime();
                    s[4] = m.ordinal();
                }
                if (t instanceof Timeline.GroupTimeline) {
                    groupImports++;
                } else {
                    peerImports++;
                }
            }
        }
        Map<String, Plan.TimelinePlan> plans = new LinkedHashMap<>();
        timelines.forEach((k, s) -> plans.put(k,
                new Plan.TimelinePlan(s[0], new TaskKey(s[1], s[2]), new TaskKey(s[3], s[4]))));
        Map<GroupId, List<UserId>> memberLists = new LinkedHashMap<>();
        members.forEach((g, set) -> memberLists.put(g, List.copyOf(set)));
        return new Expected(List.copyOf(users), plans, memberLists, owners, groupImports, peerImports);
    }

    /** The forecast's expiring calls as it counted them before: every planned message decoded again. */
    private static long expiringByDecoding(Plan plan, int qps, RetentionWindow retention, long start) {
        double spacing = 1000.0 / qps;
        long g = 0;
        long p = 0;
        long expiring = 0;
        try (ScratchSpace.RunReader r = plan.messages().read()) {
            while (r.hasNext()) {
                Message m = MessageCodec.decode(r.next());
                for (Timeline t : m.timelines()) {
                    long index = t instanceof Timeline.GroupTimeline ? g++ : p++;
                    if (m.sendTime() != 0 && start + (long) (index * spacing) > retention.deadline(m.sendTime())) {
                        expiring++;
                    }
                }
            }
        }
        return expiring;
    }

    @Test
    void tablesAndForecastAreWhatTheLongWayFinds() {
        qt().withExamples(60).forAll(longs().all(), integers().between(1, 400)).checkAssert((seed, n) -> {
            List<RawMessage> history = history(seed, n);
            Plan plan = new Planner(new InputRules(new MessageRules(RuleSet.defaults())), new InMemoryScratchSpace(),
                    4_000).plan(new ListSource(history, "list"), NOW, r -> {});
            Expected want = expected(history);

            assertThat(List.copyOf(plan.users())).isEqualTo(want.users());
            assertThat(new ArrayList<>(plan.timelines().entrySet()))
                    .isEqualTo(new ArrayList<>(want.timelines().entrySet()));
            assertThat(plan.groupImports()).isEqualTo(want.groupImports());
            assertThat(plan.peerImports()).isEqualTo(want.peerImports());
            assertThat(plan.groups().keySet()).isEqualTo(want.members().keySet());
            plan.groups().forEach((id, g) -> {
                assertThat(List.copyOf(g.members())).as("members of %s", id).isEqualTo(want.members().get(id));
                assertThat(g.owner()).as("owner of %s", id).isEqualTo(want.owners().get(id));
            });

            RetentionWindow retention = RuleSet.defaults().retention();
            for (int qps : new int[] {1, 20}) {
                // Started a minute before the oldest messages' deadline: at 1/s, their later calls' turns fall after.
                long start = NOW + DAY - 60_000;
                Forecast f = Forecast.of(plan, qps, retention, start, 150);
                assertThat(f.expiringCalls()).isEqualTo(expiringByDecoding(plan, qps, retention, start));
                long longestGroup = want.timelines().entrySet().stream().filter(e -> e.getKey().startsWith("g:"))
                        .mapToLong(e -> e.getValue().calls()).max().orElse(0);
                long longestPeer = want.timelines().entrySet().stream().filter(e -> !e.getKey().startsWith("g:"))
                        .mapToLong(e -> e.getValue().calls()).max().orElse(0);
                assertThat(f.group().longestTimeline()).isEqualTo(longestGroup);
                assertThat(f.peer().longestTimeline()).isEqualTo(longestPeer);
            }
        });
    }
}

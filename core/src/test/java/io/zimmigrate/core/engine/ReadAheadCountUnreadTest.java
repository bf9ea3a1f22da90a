package io.zimmigrate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.sim.ListSource;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.plan.InMemoryScratchSpace;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.Planner;
import io.zimmigrate.core.plan.TimelineTable;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a stopped run does with the plan it did not read: counts each call, per timeline, as not attempted (or done,
 * when the journal settled it). A SIGTERM to a run of 10 M one-to-one messages (4 M timelines, 18 M calls unread)
 * took 100–118 s to end, decoding every unread message into a lane to count it: past a service manager's 90 s stop
 * timeout. It now counts from each record's key and users alone.
 */
class ReadAheadCountUnreadTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final int MESSAGES = 20_000;

    /** One-to-one messages among 4,000 users, and every tenth in one of 16 groups. */
    private static Plan plan() {
        List<RawMessage> out = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            RawMessage.Builder m = RawMessage.builder().id("message-" + i).fromUserId("user-" + i % 4_000)
                    .messageType(1).bodyMessage("a body of some forty characters, #" + i)
                    .sendMessageTime(NOW - 86_400_000L + i * 1000L);
            out.add((i % 10 == 0 ? m.groupId("group-" + i % 16) : m.toUserId("user-" + (i * 7 + 1) % 4_000)).build());
        }
        return new Planner(new InputRules(new MessageRules(RuleSet.defaults())), new InMemoryScratchSpace())
                .plan(new ListSource(out, "count-unread"), NOW, r -> {});
    }

    @Test
    void aStopCountsTheUnreadPlanPerTimelineWithoutDecodingIt() {
        Plan plan = plan();
        JournalState history = new JournalState(plan.timelineTable()); // keyed by the plan, as a run's
        Ledger ledger = new Ledger(history);
        ledger.carryOut(plan);
        long calls = plan.importCalls();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long reading = threads.getCurrentThreadAllocatedBytes();
        try (ScratchSpace.RunReader records = plan.messages().readFrom(null).reader()) {
            while (records.hasNext()) {
                records.next();
            }
        }
        reading = threads.getCurrentThreadAllocatedBytes() - reading; // what reading the records alone allocates
        try (ReadAhead unread = new ReadAhead(plan, history, ledger, 100, lane -> {}, Map.of())) {
            long before = threads.getCurrentThreadAllocatedBytes();
            unread.countUnread();
            long perCall = (threads.getCurrentThreadAllocatedBytes() - before - reading) / calls;
            // Decoding each unread message into a message, a task and a lane allocated about 1,500 bytes per call
            // beyond its record; reading its key and users, about 120.
            assertThat(perCall).as("bytes allocated per unread call counted, beyond its record").isLessThan(300);
        }
        MigrationReport report = ledger.report(plan, "stopped", 0, 0);
        assertThat(report.notAttempted()).isEqualTo(calls);
        assertThat(report.alreadyDone()).isZero();
        TimelineTable table = plan.timelineTable();
        for (int i = 0; i < table.size(); i++) {
            MigrationReport.TimelineReport t = report.timelines().get(table.keyAt(i));
            assertThat(t.notAttempted()).as(table.keyAt(i)).isEqualTo(table.callsAt(i));
            assertThat(t.alreadyDone()).as(table.keyAt(i)).isZero();
        }
        assertThat(ledger.liveLanes()).as("no lane kept for a timeline the run never read").isZero();
    }
}

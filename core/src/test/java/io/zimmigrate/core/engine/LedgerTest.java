package io.zimmigrate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.sim.ListSource;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.plan.InMemoryScratchSpace;
import io.zimmigrate.core.plan.MessageCodec;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.Planner;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run's counts per timeline outlive its lanes (issue #13), and every total is the sum of the timelines'. */
class LedgerTest {
    private static final long NOW = 1_732_000_000_000L;

    private static Plan plan(int n) {
        List<RawMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RawMessage.Builder b = RawMessage.builder().id("m" + i).fromUserId("u" + (i % 50)).messageType(1)
                    .bodyMessage("b" + i).sendMessageTime(NOW - 86_400_000L + i * 1000L);
            if (i % 5 == 0) {
                b.groupId("g" + (i % 7));
            } else {
                b.toUserId("u" + ((i * 7 + 1) % 50));
            }
            out.add(b.build());
        }
        return new Planner(new InputRules(new MessageRules(RuleSet.defaults())), new InMemoryScratchSpace())
                .plan(new ListSource(out, "ledger"), NOW, r -> {});
    }

    /** Feeds the plan through lanes one task at a time: settled as it comes unless {@code journal} already settles it. */
    private static Ledger carryOut(Plan plan, JournalState journal, int[] mostLanes) {
        Ledger ledger = new Ledger(journal);
        ledger.carryOut(plan);
        try (ScratchSpace.RunReader r = plan.messages().read()) {
            while (r.hasNext()) {
                Message m = MessageCodec.decode(r.next());
                for (Timeline t : m.timelines()) {
                    Lane lane = ledger.lane(t);
                    lane.offer(Task.of(m, t));
                    mostLanes[0] = Math.max(mostLanes[0], ledger.liveLanes());
                    if (lane.head() != null) {
                        lane.requestLeft(0);
                        lane.answered();
                        journal.apply(new JournalEntry.Imported(lane.key, lane.head().key(), 1));
                        lane.settledHead(true);
                    }
                    ledger.retireIfIdle(lane);
                    assertThat(ledger.liveLanes()).as("an idle lane is let go").isZero();
                }
            }
        }
        return ledger;
    }

    @Test
    void lanesComeAndGoWhileTheCountsOfEveryTimelineStay() {
        Plan plan = plan(2_000);
        JournalState journal = new JournalState();
        int[] mostLanes = {0};
        MigrationReport report = carryOut(plan, journal, mostLanes).report(plan, null, 0, 0);

        assertThat(mostLanes[0]).isEqualTo(1);
        assertThat(report.imported()).isEqualTo(plan.importCalls());
        assertThat(report.timelines().keySet()).isEqualTo(plan.timelines().keySet());
        assertTotalsAreTheTimelinesSums(report);
        plan.timelines().forEach((key, t) -> {
            MigrationReport.TimelineReport r = report.timelines().get(key);
            assertThat(r.importCalls()).isEqualTo(t.calls());
            assertThat(r.imported()).as("imported into %s", key).isEqualTo(t.calls());
        });
    }

    @Test
    void aSecondRunCountsWhatTheJournalSettledAsAlreadyDone() {
        Plan plan = plan(1_000);
        JournalState journal = new JournalState();
        carryOut(plan, journal, new int[1]);
        MigrationReport again = carryOut(plan, journal, new int[1]).report(plan, null, 0, 0);

        assertThat(again.imported()).isZero();
        assertThat(again.alreadyDone()).isEqualTo(plan.importCalls());
        assertTotalsAreTheTimelinesSums(again);
    }

    private static void assertTotalsAreTheTimelinesSums(MigrationReport report) {
        Map<String, Long> sums = new HashMap<>();
        report.timelines().values().forEach(t -> {
            sums.merge("calls", t.importCalls(), Long::sum);
            sums.merge("imported", t.imported(), Long::sum);
            sums.merge("rejected", t.rejected(), Long::sum);
            sums.merge("alreadyDone", t.alreadyDone(), Long::sum);
            sums.merge("notAttempted", t.notAttempted(), Long::sum);
        });
        assertThat(sums.get("calls")).isEqualTo(report.importCalls());
        assertThat(sums.get("imported")).isEqualTo(report.imported());
        assertThat(sums.get("rejected")).isEqualTo(report.importsRejected());
        assertThat(sums.get("alreadyDone")).isEqualTo(report.alreadyDone());
        assertThat(sums.get("notAttempted")).isEqualTo(report.notAttempted());
    }
}

package io.zimmigrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.RetentionWindow;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.rules.Violation;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The planner with records checked and encoded on worker threads ({@link Planner#preparingOn}) gives what it gives
 * in place: the same plan (sorted messages byte for byte, counts, fingerprint, users, timelines, groups), the same
 * rejections in the same order, and a failure (the source's, or one on a worker) surfaces as the same throwable
 * after the same records, with one worker (run in place) and with several.
 */
class PlannerWorkersTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final long DAY = RetentionWindow.DAY_MILLIS;
    private static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    /** Shuffled group and one-to-one messages, a tenth of them bad in some way, IDs reused, unreadable lines. */
    static List<SourceRecord> history(long seed, int n) {
        Random random = new Random(seed);
        int users = 2 + random.nextInt(200);
        int groups = 1 + random.nextInt(40);
        List<SourceRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Locator at = Locator.line("memory", i + 1);
            String id = random.nextInt(25) == 0 ? "m" + random.nextInt(i + 1) : "m" + i; // now and then a duplicate
            if (random.nextInt(40) == 0) { // a line the source could not read, with or without its ID
                String readId = random.nextBoolean() ? id : null;
                out.add(new SourceRecord.Unreadable(at, Rejection.of(at, readId,
                        new Violation("line", "json.syntax", "is not JSON"))));
                continue;
            }
            String from = "u" + random.nextInt(users);
            RawMessage.Builder b = RawMessage.builder().id(id).fromUserId(from).messageType(1).bodyMessage("b" + i)
                    .sendMessageTime(NOW - random.nextInt(29) * DAY - random.nextInt(100) * 1000L);
            if (random.nextInt(3) == 0) {
                b.groupId("g" + random.nextInt(groups));
            } else {
                String to = "u" + random.nextInt(users);
                b.toUserId(to); // sometimes the sender itself: rejected
                int hide = random.nextInt(8);
                b.hiddenFor(hide == 0 ? List.of(from) : hide == 1 ? List.of(to) : null);
            }
            switch (random.nextInt(60)) {
                case 0 -> b.priority(7);
                case 1 -> b.bodyMessage(null);
                case 2 -> b.sendMessageTime(NOW - 90 * DAY); // out of the retention window
                case 3 -> b.id(random.nextBoolean() ? null : "");
                case 4 -> b.messageType(null);
                default -> { }
            }
            out.add(new SourceRecord.Readable(at, b.build()));
        }
        return out;
    }

    static MessageSource source(List<SourceRecord> records, int failAt, RuntimeException failure) {
        return new MessageSource() {
            @Override
            public String name() {
                return "memory";
            }

            @Override
            public RecordStream open() {
                return new RecordStream() {
                    private int at;

                    @Override
                    public boolean hasNext() {
                        if (at == failAt) {
                            throw failure;
                        }
                        return at < records.size();
                    }

                    @Override
                    public SourceRecord next() {
                        return records.get(at++);
                    }

                    @Override
                    public void close() {}
                };
            }
        };
    }

    /** Everything a plan says, in a comparable form. */
    private record Outcome(List<String> messages, List<Rejection> rejections, long read, long rejected, long warnings,
                           Map<String, Long> byRule, List<String> timelines, long groupConversations,
                           long oneToOne, long groupImports, long peerImports, List<String> users,
                           Map<String, String> groups, String fingerprint, boolean ordered) {}

    private static Outcome plan(List<SourceRecord> records, java.util.concurrent.Executor workers) {
        ScratchSpace scratch = new InMemoryScratchSpace();
        Planner planner = new Planner(new InputRules(new MessageRules(RuleSet.defaults())), scratch, 64 << 10);
        if (workers != null) {
            planner = planner.preparingOn(workers);
        }
        List<Rejection> rejections = new ArrayList<>();
        Plan p = planner.plan(source(records, -1, null), NOW, rejections::add);
        List<String> messages = new ArrayList<>();
        try (ScratchSpace.RunReader r = p.messages().read()) {
            while (r.hasNext()) {
                messages.add(java.util.HexFormat.of().formatHex(r.next()));
            }
        }
        List<String> timelines = new ArrayList<>();
        p.timelines().forEach((k, v) -> timelines.add(k + "=" + v));
        Map<String, String> groups = new TreeMap<>();
        p.groups().forEach((k, v) -> groups.put(k.toString(), v.owner() + " " + v.ownerSendTime() + " "
                + new ArrayList<>(v.members()) + " " + v.oldestSendTime()));
        List<String> users = new ArrayList<>();
        p.users().forEach(u -> users.add(u.toString()));
        return new Outcome(messages, rejections, p.recordsRead(), p.rejectedRecords(), p.warnings(),
                p.rejectionsByRule(), timelines, p.groupConversations(), p.oneToOneConversations(), p.groupImports(),
                p.peerImports(), users, groups, p.fingerprint(), p.inputWasOrdered());
    }

    @Test
    void theSamePlanAndRejectionsInTheSameOrderWithOneOrSeveralWorkers() {
        for (long seed = 1; seed <= 12; seed++) {
            List<SourceRecord> history = history(seed, 1 + new Random(seed).nextInt(6000));
            Outcome inPlace = plan(history, null);
            assertThat(inPlace.rejected()).as("seed %d has bad records", seed).isPositive();
            assertThat(plan(history, Runnable::run)).as("seed %d, one worker", seed).isEqualTo(inPlace);
            assertThat(plan(history, pool)).as("seed %d, three workers", seed).isEqualTo(inPlace);
        }
    }

    @Test
    void anInputInOrderStaysUnsortedAndTheSame() {
        List<SourceRecord> history = new ArrayList<>(history(99, 3000));
        history.sort(java.util.Comparator.comparingLong(r -> r instanceof SourceRecord.Readable rd
                && rd.message().sendMessageTime() != null ? rd.message().sendMessageTime() : 0L));
        Outcome inPlace = plan(history, null);
        assertThat(plan(history, pool)).isEqualTo(inPlace);
    }

    @Test
    void aFailureOfTheSourceComesAfterEveryRecordReadBeforeIt() {
        List<SourceRecord> history = history(7, 2000);
        for (int failAt : new int[] {0, 1, 255, 256, 1000, 1999}) {
            IllegalStateException failure = new IllegalStateException("memory line " + (failAt + 1) + ": unreadable");
            List<Rejection> inPlace = new ArrayList<>();
            List<Rejection> onWorkers = new ArrayList<>();
            assertThatThrownBy(() -> planner(null).plan(source(history, failAt, failure), NOW, inPlace::add))
                    .isSameAs(failure);
            assertThatThrownBy(() -> planner(pool).plan(source(history, failAt, failure), NOW, onWorkers::add))
                    .isSameAs(failure);
            assertThat(onWorkers).as("failing at %d", failAt).isEqualTo(inPlace);
        }
    }

    @Test
    void aFailureOnAWorkerComesAfterTheRecordsBeforeItAsTheSameThrowable() {
        List<SourceRecord> history = new ArrayList<>(history(8, 2000));
        int broken = 700; // a record without a message makes the check itself fail (a bug's stand-in)
        history.set(broken, new SourceRecord.Readable(Locator.line("memory", broken + 1), null));
        List<Rejection> inPlace = new ArrayList<>();
        List<Rejection> onWorkers = new ArrayList<>();
        Throwable expected = catchFrom(() -> planner(null).plan(source(history, -1, null), NOW, inPlace::add));
        Throwable actual = catchFrom(() -> planner(pool).plan(source(history, -1, null), NOW, onWorkers::add));
        assertThat(expected).isInstanceOf(NullPointerException.class);
        assertThat(actual).isInstanceOf(NullPointerException.class).hasMessage(expected.getMessage());
        assertThat(onWorkers).isNotEmpty().isEqualTo(inPlace);
    }

    private static Planner planner(java.util.concurrent.Executor workers) {
        Planner p = new Planner(new InputRules(new MessageRules(RuleSet.defaults())), new InMemoryScratchSpace(),
                64 << 10);
        return workers == null ? p : p.preparingOn(workers);
    }

    private static Throwable catchFrom(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("no failure");
    }
}

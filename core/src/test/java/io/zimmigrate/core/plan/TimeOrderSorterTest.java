package io.zimmigrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.zimmigrate.core.model.Conversation;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.MessageBody;
import io.zimmigrate.core.model.MessageType;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.ScratchSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimeOrderSorterTest {

    /** Whatever the input order and the memory budget, the output is the input sorted by (send time, position). */
    @Test
    void outputIsSortedBySendTimeThenInputPosition() {
        qt().withExamples(200).forAll(lists().of(integers().between(0, 30)).ofSizeBetween(0, 300), integers().between(1, 20_000))
                .checkAssert((times, budget) -> {
                    TimeOrderSorter sorter = new TimeOrderSorter(new InMemoryScratchSpace(), budget);
                    List<Message> input = new ArrayList<>();
                    for (int i = 0; i < times.size(); i++) {
                        Message m = message(i, times.get(i));
                        input.add(m);
                        sorter.add(MessageCodec.encode(m));
                    }
                    TimeOrderSorter.Sorted sorted = sorter.finish();
                    List<Message> out = new ArrayList<>();
                    try (ScratchSpace.RunReader r = sorted.read()) {
                        r.forEachRemaining(b -> out.add(MessageCodec.decode(b)));
                    }
                    input.sort(Comparator.comparingLong(Message::sendTime).thenComparingLong(Message::ordinal));
                    assertThat(out).containsExactlyElementsOf(input);
                    assertThat(sorted.count()).isEqualTo(times.size());
                });
    }

    /**
     * The spill sorts packed primitive keys when send times lie close enough and positions rise, else compares the
     * records: both give (send time, position) order, with times years apart and positions added out of order.
     */
    @Test
    void farApartTimesAndPositionsOutOfOrderSortAsWell() {
        qt().withExamples(200).forAll(lists().of(integers().between(0, 5)).ofSizeBetween(2, 200), integers().between(1, 5_000),
                        integers().between(0, 1))
                .checkAssert((picks, budget, shuffled) -> {
                    long[] times = {0, 1, 1L << 38, 1L << 40, Long.MAX_VALUE / 2, 1_732_000_000_000L};
                    TimeOrderSorter sorter = new TimeOrderSorter(new InMemoryScratchSpace(), budget);
                    List<Message> input = new ArrayList<>();
                    for (int i = 0; i < picks.size(); i++) {
                        int ordinal = shuffled == 1 ? (int) ((i * 7919L) % picks.size()) : i; // 7919 is prime: a permutation
                        input.add(message(ordinal, times[picks.get(i)]));
                    }
                    input.forEach(m -> sorter.add(MessageCodec.encode(m)));
                    List<Message> out = new ArrayList<>();
                    try (ScratchSpace.RunReader r = sorter.finish().read()) {
                        r.forEachRemaining(b -> out.add(MessageCodec.decode(b)));
                    }
                    input.sort(Comparator.comparingLong(Message::sendTime).thenComparingLong(Message::ordinal));
                    assertThat(out).containsExactlyElementsOf(input);
                });
    }

    /**
     * Spilling on another thread (the planner's workers) gives the same output as in place, however the buffers fall,
     * and a spill that fails there is thrown by the sorter as it was raised.
     */
    @Test
    void spillingOnAnotherThreadGivesTheSameOrder() {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            qt().withExamples(200).forAll(lists().of(integers().between(0, 30)).ofSizeBetween(0, 300),
                            integers().between(1, 20_000))
                    .checkAssert((times, budget) -> {
                        TimeOrderSorter inPlace = new TimeOrderSorter(new InMemoryScratchSpace(), budget);
                        // Every spill beside; in place, then beside; beside, then in place (the budget fell).
                        int mode = budget % 3;
                        TimeOrderSorter beside = new TimeOrderSorter(new InMemoryScratchSpace(),
                                mode == 2 ? budget + 1 : budget, pool, mode == 0 ? 0 : budget + 1);
                        for (int i = 0; i < times.size(); i++) {
                            if (i == times.size() / 2 && mode != 0) {
                                beside.budget(mode == 1 ? budget + 1 : budget);
                            }
                            byte[] m = MessageCodec.encode(message(i, times.get(i)));
                            inPlace.add(m);
                            beside.add(m);
                        }
                        assertThat(drain(beside.finish())).containsExactlyElementsOf(drain(inPlace.finish()));
                    });
            java.io.UncheckedIOException diskFull = new java.io.UncheckedIOException(new java.io.IOException("disk full"));
            ScratchSpace failing = new ScratchSpace() {
                private final InMemoryScratchSpace memory = new InMemoryScratchSpace();
                private int runs;

                @Override
                public RunWriter newRun() {
                    RunWriter w = memory.newRun();
                    if (runs++ == 0) {
                        return w; // the pass-through run, closed at the first record out of order
                    }
                    return new RunWriter() {
                        @Override
                        public void write(byte[] record) {
                            throw diskFull;
                        }

                        @Override
                        public Run finish() {
                            return w.finish();
                        }
                    };
                }

                @Override
                public void close() {}
            };
            TimeOrderSorter sorter = new TimeOrderSorter(failing, 1, pool, 0);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                for (int i = 0; i < 10; i++) {
                    sorter.add(MessageCodec.encode(message(i, 10 - i)));
                }
                sorter.finish();
            }).isSameAs(diskFull);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> drain(TimeOrderSorter.Sorted sorted) {
        List<String> out = new ArrayList<>();
        try (ScratchSpace.RunReader r = sorted.read()) {
            r.forEachRemaining(b -> out.add(java.util.HexFormat.of().formatHex(b)));
        }
        return out;
    }

    @Test
    void orderedInputIsNotSorted() {
        TimeOrderSorter sorter = new TimeOrderSorter(new InMemoryScratchSpace(), 10);
        for (int i = 0; i < 100; i++) {
            sorter.add(MessageCodec.encode(message(i, i / 3)));
        }
        assertThat(sorter.wasOrdered()).isTrue();
        assertThat(sorter.finish().runCount()).isEqualTo(1);
    }

    @Test
    void codecRoundTripsEveryField() {
        Message m = new Message("id-ü", 42, new Locator("f.jsonl", 7, "line"), UserId.of("a"),
                new Conversation.OneToOne(UserId.of("b")), 1234, MessageType.CUSTOM, 3, new MessageBody("x", "ext"), 7,
                "find me", Set.of(UserId.of("b")));
        assertThat(MessageCodec.decode(MessageCodec.encode(m))).isEqualTo(m);
    }

    @Test
    void groupTimelineKeyIsTheDecodedGroupMessagesTimelineAndNullForOneToOne() {
        Message group = new Message("id-ü", 5, Locator.line("t", 6), UserId.of("sender-é"),
                new Conversation.Group(GroupId.of("grüppe-7")), 99, MessageType.TEXT, 1, MessageBody.of("hi"), null,
                null, Set.of());
        byte[] encoded = MessageCodec.encode(group);
        assertThat(MessageCodec.groupTimelineKey(encoded)).isEqualTo("g:grüppe-7")
                .isEqualTo(MessageCodec.decode(encoded).timelines().get(0).key());
        Message oneToOne = new Message("id", 5, Locator.line("t", 6), UserId.of("a"),
                new Conversation.OneToOne(UserId.of("g")), 99, MessageType.TEXT, 1, MessageBody.of("hi"), null, null,
                Set.of());
        assertThat(MessageCodec.groupTimelineKey(MessageCodec.encode(oneToOne))).isNull();
    }

    @Test
    void contentLengthLeavesOutOnlyTheLocator() {
        Message a = message(3, 9);
        Message b = new Message(a.id(), a.ordinal(), new Locator("./elsewhere/t.jsonl", 99, "row"), a.sender(),
                a.conversation(), a.sendTime(), a.type(), a.priority(), a.body(), a.subType(), a.searchedContent(),
                a.hiddenFor());
        byte[] ea = MessageCodec.encode(a);
        byte[] eb = MessageCodec.encode(b);
        int n = MessageCodec.contentLength(ea);
        assertThat(MessageCodec.contentLength(eb)).isEqualTo(n);
        assertThat(java.util.Arrays.copyOf(eb, n)).isEqualTo(java.util.Arrays.copyOf(ea, n));
        assertThat(ea.length).isNotEqualTo(eb.length);
    }

    private static Message message(int ordinal, long time) {
        return new Message("m" + ordinal, ordinal, Locator.line("t", ordinal + 1), UserId.of("u"),
                new Conversation.Group(GroupId.of("g")), time, MessageType.TEXT, 1, MessageBody.of("b" + ordinal), null,
                null, Set.of());
    }
}

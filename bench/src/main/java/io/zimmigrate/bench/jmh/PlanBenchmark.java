package io.zimmigrate.bench.jmh;

import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.plan.InMemoryScratchSpace;
import io.zimmigrate.core.plan.MessageCodec;
import io.zimmigrate.core.plan.TimeOrderSorter;
import io.zimmigrate.core.port.ScratchSpace;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Plan: a validated message to the planner's binary form and back (the engine decodes every planned message
 * again), and the time-order sort per message, for input already in order and for shuffled input.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PlanBenchmark {
    static final int BATCH = 4096;

    @Benchmark
    public byte[] encode(Samples s) {
        return MessageCodec.encode(s.message);
    }

    @Benchmark
    public Message decode(Samples s) {
        return MessageCodec.decode(s.encoded);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void sortInOrder(Batch b, Blackhole bh) {
        sort(b.inOrder, bh);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void sortShuffled(Batch b, Blackhole bh) {
        sort(b.shuffled, bh);
    }

    private static void sort(byte[][] records, Blackhole bh) {
        TimeOrderSorter sorter = new TimeOrderSorter(new InMemoryScratchSpace(), 1L << 20);
        for (byte[] r : records) {
            sorter.add(r);
        }
        try (ScratchSpace.RunReader reader = sorter.finish().read()) {
            while (reader.hasNext()) {
                bh.consume(reader.next());
            }
        }
    }

    /** {@value #BATCH} encoded messages, in time order and shuffled (the sort spills a few runs of 1 MiB). */
    @State(Scope.Benchmark)
    public static class Batch {
        byte[][] inOrder = new byte[BATCH][];
        byte[][] shuffled = new byte[BATCH][];

        @Setup
        public void setUp(Samples s) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(7);
            for (int i = 0; i < BATCH; i++) {
                Message m = s.message;
                inOrder[i] = MessageCodec.encode(new Message(m.id() + i, i, m.locator(), m.sender(), m.conversation(),
                        m.sendTime() + i, m.type(), m.priority(), m.body(), m.subType(), m.searchedContent(),
                        m.hiddenFor()));
            }
            shuffled = inOrder.clone();
            for (int i = BATCH - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                byte[] t = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = t;
            }
        }
    }
}

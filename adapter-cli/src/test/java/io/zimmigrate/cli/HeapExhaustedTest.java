package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The one line said when memory runs out names what ran out: the Java heap (raise -Xmx), or memory outside it, which
 * a bigger heap may not cure. A 10 M-message run's stop once ended with the heap's line while its GC log showed the
 * heap far from full (docs/performance.md, session 16).
 */
class HeapExhaustedTest {
    private static final String[] RUN = {"run", "export.jsonl"};

    @Test
    void theHeapRunningOutAsksForABiggerHeap() {
        for (OutOfMemoryError heap : new OutOfMemoryError[] {new OutOfMemoryError("Java heap space"),
                new OutOfMemoryError("GC overhead limit exceeded"), new OutOfMemoryError()}) {
            assertThat(HeapExhausted.line(RUN, heap)).as(heap.getMessage()).isEqualTo(HeapExhausted.line(RUN))
                    .startsWith("zim-migrate run: out of memory: this input needs more than").contains("JAVA_OPTS=-Xmx");
        }
    }

    @Test
    void memoryOutsideTheHeapIsNamedAndNoBiggerHeapPromised() {
        String line = HeapExhausted.line(RUN, new RuntimeException("wrapped", new OutOfMemoryError("Direct buffer memory")));
        assertThat(line).startsWith("zim-migrate run: out of memory outside the Java heap (Direct buffer memory)")
                .contains("run the same command again").contains("MaxDirectMemorySize").doesNotContain("-Xmx");
        assertThat(HeapExhausted.line(RUN, new OutOfMemoryError("unable to create native thread: possibly out of memory")))
                .contains("outside the Java heap (unable to create native thread");
    }
}

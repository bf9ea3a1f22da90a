package io.zimmigrate.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A process whose background thread fills the Java heap to the last byte, keeps it full, and dies of the
 * OutOfMemoryError: the worst case for {@link HeapExhausted#backgroundThreads}, which then has no heap at all to say
 * its line and stop in. Run by {@link HeapExhaustedIT} in its own JVM; the handler is installed as {@code main} does.
 * Exit 0 means the handler returned without stopping the process.
 */
public final class FullHeapHarness {
    /** Static, so the heap stays full while the dying thread's handler runs (its stack is gone by then). */
    private static final Object[] HELD = new Object[4096];

    private FullHeapHarness() {}

    public static void main(String[] args) throws InterruptedException {
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        String[] commandLine = {"plan", "input.jsonl"};
        HeapExhausted.install(err, commandLine);
        Thread worker = new Thread(FullHeapHarness::fillTheHeapAndDie, "zim-migrate-plan-1");
        worker.start();
        worker.join();
        System.exit(0);
    }

    private static void fillTheHeapAndDie() {
        OutOfMemoryError last = null;
        int held = 0;
        for (int size = 1 << 20; size > 0 && held < HELD.length; ) {
            try {
                HELD[held] = new byte[size];
                held++;
            } catch (OutOfMemoryError e) {
                last = e;
                size /= 2;
            }
        }
        throw last;
    }
}

package io.zimmigrate.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one line printed when the Java heap runs out: what happened, how big the heap was, and what to do about it.
 * Exit {@value ExitCodes#STOPPED}: a {@code run} keeps what it journaled, so the same command (with a bigger heap)
 * resumes. No stack trace: the cause is the size of the input against the heap, not a place in the code.
 */
final class HeapExhausted {
    private static final AtomicBoolean REPORTED = new AtomicBoolean();

    private HeapExhausted() {}

    /**
     * Prints {@link #line} once per process: the heap can run out on several threads at once (the main thread, a
     * reader, an event loop), and the user should read one line, not one per thread.
     */
    static void report(PrintWriter err, String[] args) {
        report(err, line(args));
    }

    private static void report(PrintWriter err, String line) {
        if (REPORTED.compareAndSet(false, true)) {
            err.println(line);
            err.flush();
        }
    }

    /**
     * For threads nobody joins: an OutOfMemoryError there would otherwise print a stack trace and leave the command
     * waiting for a thread that died. The process stops at once with exit {@value ExitCodes#STOPPED}; a run's
     * journal is safe against being stopped at any point (as against SIGKILL). Any other throwable on such a thread
     * is an internal error: one line, the stack trace only with --debug.
     */
    static Thread.UncaughtExceptionHandler backgroundThreads(PrintWriter err, String[] args) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        // Made now: when the heap is gone there may be no room left to make it (CI saw the handler itself run out).
        String outOfMemory = line(args);
        return (thread, failure) -> {
            try {
                if (failure instanceof OutOfMemoryError || com.google.common.base.Throwables.getCausalChain(failure)
                        .stream().anyMatch(OutOfMemoryError.class::isInstance)) {
                    report(err, outOfMemory);
                    Runtime.getRuntime().halt(ExitCodes.STOPPED);
                }
                err.println("zim-migrate: internal error on thread " + thread.getName() + ": "
                        + failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage())
                        + (debug ? "" : " (run again with --debug for details)"));
                if (debug) {
                    failure.printStackTrace(err);
                }
                err.flush();
            } catch (Throwable whileReporting) {
                // The heap ran out again while this was said: a throwable escaping a handler is printed by the JVM
                // as "Exception: ... thrown from the UncaughtExceptionHandler". Say the one line if still unsaid
                // (some memory was freed as the failed attempt unwound) and stop as for the heap.
                try {
                    report(err, outOfMemory);
                } catch (Throwable stillNoRoom) {
                    // nothing more can be said
                }
                Runtime.getRuntime().halt(ExitCodes.STOPPED);
            }
        };
    }

    static String line(String[] args) {
        String command = args.length == 0 || args[0].startsWith("-") ? "zim-migrate" : "zim-migrate " + args[0];
        long heapMiB = Runtime.getRuntime().maxMemory() >> 20;
        return command + ": out of memory: this input needs more than the " + heapMiB + " MiB Java heap;"
                + " raise it with JAVA_OPTS (e.g. JAVA_OPTS=-Xmx" + suggested(heapMiB) + "m ./zim-migrate ...,"
                + " or java -Xmx" + suggested(heapMiB) + "m -jar zim-migrate.jar ...) and run the same command again:"
                + " a run resumes where it stopped";
    }

    private static long suggested(long heapMiB) {
        return Math.max(512, Long.highestOneBit(Math.max(1, heapMiB)) * 4);
    }
}

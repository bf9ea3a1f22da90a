package io.zimmigrate.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The one line printed when the Java heap runs out: what happened, how big the heap was, and what to do about it.
 * Exit {@value ExitCodes#STOPPED}: a {@code run} keeps what it journaled, so the same command (with a bigger heap)
 * resumes. No stack trace: the cause is the size of the input against the heap, not a place in the code.
 */
final class HeapExhausted {
    /**
     * Whether the line was said, under a plain lock: an AtomicBoolean's first compareAndSet links a VarHandle
     * invoker on the heap, which a full heap refuses.
     */
    private static boolean reported;

    private HeapExhausted() {}

    /**
     * Prints {@link #line} once per process: the heap can run out on several threads at once (the main thread, a
     * reader, an event loop), and the user should read one line, not one per thread.
     */
    static void report(PrintWriter err, String[] args, Throwable failure) {
        report(err, line(args, failure));
    }

    private static void report(PrintWriter err, String line) {
        if (firstToSay()) {
            err.println(line);
            err.flush();
        }
    }

    /** Makes {@link #backgroundThreads} the handler of every thread that has none of its own; from {@code main}. */
    static void install(PrintWriter err, String[] args) {
        Thread.setDefaultUncaughtExceptionHandler(backgroundThreads(err, new FileOutputStream(FileDescriptor.err), args));
    }

    /**
     * For threads nobody joins: an OutOfMemoryError there would otherwise print a stack trace and leave the command
     * waiting for a thread that died. The process stops at once with exit {@value ExitCodes#STOPPED}; a run's
     * journal is safe against being stopped at any point (as against SIGKILL). Any other throwable on such a thread
     * is an internal error: one line, the stack trace only with --debug.
     *
     * <p>The heap may be full to the last byte when this runs (a plan worker's pool thread dies of it outside any
     * task), so everything the out-of-memory path needs is made now: the line's bytes, written to the raw standard
     * error ({@code rawErr}: a PrintWriter's encoder allocates), and the JDK's shutdown machinery, which
     * {@code Runtime.halt} would otherwise initialise on its first use, on the heap. CI saw both run out, as
     * "Exception: java.lang.OutOfMemoryError thrown from the UncaughtExceptionHandler" beside the line.
     */
    static Thread.UncaughtExceptionHandler backgroundThreads(PrintWriter err, OutputStream rawErr, String[] args) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        byte[] outOfMemory = (line(args) + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
        prepareToHalt();
        return (thread, failure) -> {
            try {
                if (failure instanceof OutOfMemoryError || com.google.common.base.Throwables.getCausalChain(failure)
                        .stream().anyMatch(OutOfMemoryError.class::isInstance)) {
                    say(rawErr, outsideTheHeap(failure) == null ? outOfMemory
                            : (line(args, failure) + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
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
                // The heap ran out while an internal error was being said: say the one line if still unsaid, and
                // stop as for the heap (a throwable escaping a handler is printed by the JVM, with "Exception").
                say(rawErr, outOfMemory);
                Runtime.getRuntime().halt(ExitCodes.STOPPED);
            }
        };
    }

    /** Once per process, like {@link #report}; needs no heap: {@code rawErr} writes the bytes as they are. */
    private static void say(OutputStream rawErr, byte[] line) {
        if (firstToSay()) {
            try {
                rawErr.write(line);
                rawErr.flush();
            } catch (Throwable cannotSayIt) {
                // standard error is gone; the exit code still says it
            }
        }
    }

    private static synchronized boolean firstToSay() {
        boolean first = !reported;
        reported = true;
        return first;
    }

    /**
     * Registering a shutdown hook initialises the JDK's shutdown machinery (java.lang.Shutdown), which is otherwise
     * initialised by the first {@code halt} or {@code exit}; the hook itself is removed at once.
     */
    private static void prepareToHalt() {
        Thread nothing = new Thread(() -> {}, "zim-migrate-no-op");
        Runtime.getRuntime().addShutdownHook(nothing);
        Runtime.getRuntime().removeShutdownHook(nothing);
    }

    /**
     * The line for {@code failure}: the heap's, unless the memory that ran out is not the Java heap (direct buffers,
     * threads, metaspace), which a bigger {@code -Xmx} may not cure: then its kind, as the JVM named it. A 10 M-message
     * run's stop once ended with the heap's line while its GC log showed the heap far from full.
     */
    static String line(String[] args, Throwable failure) {
        String kind = outsideTheHeap(failure);
        if (kind == null) {
            return line(args);
        }
        return command(args) + ": out of memory outside the Java heap (" + kind + "); run the same command again: a"
                + " run resumes where it stopped. If it comes back, raise the limit it names (for direct buffers,"
                + " -XX:MaxDirectMemorySize in JAVA_OPTS) and report it";
    }

    /**
     * What ran out when it is not the Java heap (as the JVM's message names it), else null. A loop down the causes,
     * not Guava's causal chain: nothing is allocated on the way to the heap's prebuilt line.
     */
    static String outsideTheHeap(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError e) {
                String kind = e.getMessage();
                return kind == null || kind.contains("Java heap space") || kind.contains("GC overhead")
                        || kind.contains("array size") ? null : kind;
            }
        }
        return null;
    }

    private static String command(String[] args) {
        return args.length == 0 || args[0].startsWith("-") ? "zim-migrate" : "zim-migrate " + args[0];
    }

    static String line(String[] args) {
        String command = command(args);
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

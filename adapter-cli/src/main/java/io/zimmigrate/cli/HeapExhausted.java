package io.zimmigrate.cli;

/**
 * The one line printed when the Java heap runs out: what happened, how big the heap was, and what to do about it.
 * Exit {@value ExitCodes#STOPPED}: a {@code run} keeps what it journaled, so the same command (with a bigger heap)
 * resumes. No stack trace: the cause is the size of the input against the heap, not a place in the code.
 */
final class HeapExhausted {
    private HeapExhausted() {}

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

package io.zimmigrate.core.journal;

/**
 * When a journal log is worth rewriting as its compact form ({@link JournalState#compacted()}): once it holds more
 * than twice the lines the compact form can need plus some slack. The engine applies it after each flush, so a
 * resume replays at most about {@code 2 × (timelines + slack)} lines, whatever the size of the migration; the slack
 * keeps the rewrites rare (at ZIM's cap, about one every four minutes with the default).
 *
 * <p>A dense compact form (journal format 4, {@link DenseForm}) is a line per thousands of timelines, so "twice the
 * compact form" would rewrite millions of timelines' settlements every few thousand lines. Its log may also grow by
 * a line per timeline the journal names, as a log of lines of format 3 may, but by no more than
 * {@value #DENSE_SLACK_FACTOR} times the slack in all: a resume then replays the dense lines and at most that many
 * lines of its own kind (two per import call; 1,000 groups: about as before), and a 2 M-timeline log is rewritten
 * about every 50,000 calls.
 */
public final class JournalCompaction {
    /** Lines allowed beyond twice the compact form before a rewrite. */
    public static final long DEFAULT_SLACK_LINES = 10_000;
    /** How many times the slack a log whose compact form is dense may grow by before a rewrite. */
    public static final int DENSE_SLACK_FACTOR = 10;

    private JournalCompaction() {}

    /** Whether a log of {@code linesInLog} lines that replays to {@code state} should be compacted now. */
    public static boolean due(long linesInLog, JournalState state, long slackLines) {
        return linesInLog > linesAllowed(state, slackLines);
    }

    /** The most lines a log that replays to {@code state} holds before it is compacted. */
    public static long linesAllowed(JournalState state, long slackLines) {
        long touched = state.compactsDense() ? Math.min(state.timelines().size(), (DENSE_SLACK_FACTOR - 1) * slackLines) : 0;
        return 2 * state.compactedLinesAtMost() + slackLines + touched;
    }
}

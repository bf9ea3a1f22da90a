package io.zimmigrate.core.journal;

/**
 * When a journal log is worth rewriting as its compact form ({@link JournalState#compacted()}): once it holds more
 * than twice the lines the compact form can need plus some slack. The engine applies it after each flush, so a
 * resume replays at most about {@code 2 × (timelines + slack)} lines, whatever the size of the migration; the slack
 * keeps the rewrites rare (at ZIM's cap, about one every four minutes with the default).
 */
public final class JournalCompaction {
    /** Lines allowed beyond twice the compact form before a rewrite. */
    public static final long DEFAULT_SLACK_LINES = 10_000;

    private JournalCompaction() {}

    /** Whether a log of {@code linesInLog} lines that replays to {@code state} should be compacted now. */
    public static boolean due(long linesInLog, JournalState state, long slackLines) {
        return linesInLog > 2 * state.compactedLinesAtMost() + slackLines;
    }
}

package io.zimmigrate.cli;

/** The exit codes of every zim-migrate command (docs/cli.md). */
public final class ExitCodes {
    /** Everything went through: nothing was rejected. */
    public static final int OK = 0;
    /** The command ran to the end, but some records were rejected. */
    public static final int REJECTED = 1;
    /** The command could not start: a bad flag, a missing or unreadable file, no secret. */
    public static final int USAGE = 2;
    /**
     * {@code run} stopped before the end (a fatal answer from ZIM, Ctrl-C): what was done is journaled, and the same
     * command resumes. Shares its value with {@link #INTERNAL}: after an unexpected failure a run is resumable too.
     */
    public static final int STOPPED = 3;
    /** Something unexpected broke (a bug); {@code --debug} prints the stack trace. */
    public static final int INTERNAL = 3;

    private ExitCodes() {}
}

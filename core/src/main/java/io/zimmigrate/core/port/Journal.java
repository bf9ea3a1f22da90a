package io.zimmigrate.core.port;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The checkpoint store: an append-only log of what a migration has done, which survives a crash. Core decides
 * what the lines mean ({@link io.zimmigrate.core.journal.JournalEntry}); a store only keeps lines, in order,
 * and makes each append durable before it returns, so the engine can rely on "recorded" meaning "on disk"
 * even after SIGKILL or power loss. A torn last line (a crash mid-write) must be dropped on replay, not fail it.
 */
public interface Journal extends AutoCloseable {

    /** Feeds every line recorded so far, oldest first, to {@code sink}. */
    void replay(Consumer<String> sink);

    /**
     * Feeds lines as {@link #replay} does while {@code sink} returns true: a start that wants only the log's head
     * (its input line) reads no further, and the replay keyed by the plan is the start's one read of the log (P6).
     */
    default void replayWhile(Predicate<String> sink) {
        boolean[] going = {true};
        replay(line -> going[0] = going[0] && sink.test(line));
    }

    /** Appends the lines (no line may contain '\n') and returns only once they are durable. */
    void append(List<String> lines);

    /**
     * Replaces the whole log by {@code lines} atomically (all old lines or all new ones survive a crash); used to
     * keep resume fast once a log grows long.
     */
    void rewrite(List<String> lines);

    @Override
    void close();
}

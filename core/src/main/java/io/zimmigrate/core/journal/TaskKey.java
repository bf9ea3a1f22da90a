package io.zimmigrate.core.journal;

/**
 * A task's place in its timeline: ordered by send time, then by position in the input, which is exactly the
 * order ZIM must receive them in. Stable across runs of the same input.
 */
public record TaskKey(long sendTime, long ordinal) implements Comparable<TaskKey> {
    @Override
    public int compareTo(TaskKey o) {
        return compare(sendTime, ordinal, o.sendTime, o.ordinal);
    }

    /** This order without making keys (the journal's columns compare their rows by it). */
    static int compare(long time, long ordinal, long otherTime, long otherOrdinal) {
        int c = Long.compare(time, otherTime);
        return c != 0 ? c : Long.compare(ordinal, otherOrdinal);
    }

    public boolean isAfter(TaskKey o) {
        return compareTo(o) > 0;
    }
}

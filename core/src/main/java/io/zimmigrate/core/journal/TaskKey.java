package io.zimmigrate.core.journal;

/**
 * A task's place in its timeline: ordered by send time, then by position in the input, which is exactly the
 * order ZIM must receive them in. Stable across runs of the same input.
 */
public record TaskKey(long sendTime, long ordinal) implements Comparable<TaskKey> {
    @Override
    public int compareTo(TaskKey o) {
        int c = Long.compare(sendTime, o.sendTime);
        return c != 0 ? c : Long.compare(ordinal, o.ordinal);
    }

    public boolean isAfter(TaskKey o) {
        return compareTo(o) > 0;
    }
}

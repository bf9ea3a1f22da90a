package io.zimmigrate.core.journal;

/**
 * A numbering of timeline keys and user IDs that a {@link JournalState} can key its rows by instead of keeping the
 * keys itself: the plan's ({@code TimelineTable} and its users). A resume of 2 M one-to-one timelines among 1 M
 * users held every key twice, once in the plan and once in the journal's state (about 45 bytes per timeline and 40
 * per provisioned user, issue #13); keyed by the plan, the state keeps only its columns and a bit per user.
 * Numbers are fixed for the numbering's life (a plan does not change while a run reads it). Keys it does not number
 * (a timeline of another export, a group) the state keeps as text, as before.
 */
public interface JournalKeys {
    /** Numbers nothing: a state that keeps every key itself. */
    JournalKeys NONE = new JournalKeys() {
        @Override
        public int timelineCount() {
            return 0;
        }

        @Override
        public int timelineNumber(String key) {
            return -1;
        }

        @Override
        public String timelineKey(int number) {
            throw new IndexOutOfBoundsException(number);
        }

        @Override
        public int userCount() {
            return 0;
        }

        @Override
        public int userNumber(String userId) {
            return -1;
        }

        @Override
        public String userId(int number) {
            throw new IndexOutOfBoundsException(number);
        }
    };

    /** How many timelines are numbered (0 to this - 1). */
    int timelineCount();

    /** The number of the timeline keyed {@code key}, or -1 when it is not numbered. */
    int timelineNumber(String key);

    String timelineKey(int number);

    /** Whether timeline {@code number} is the one keyed {@code key}: a journal line's number, checked by its key. */
    default boolean isKeyOf(int number, String key) {
        return number >= 0 && number < timelineCount() && timelineKey(number).equals(key);
    }

    /** How many users are numbered (0 to this - 1). */
    int userCount();

    /** The number of the user {@code userId}, or -1 when it is not numbered. */
    int userNumber(String userId);

    String userId(int number);
}

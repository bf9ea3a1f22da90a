package io.zimmigrate.core.model;

/**
 * The unit of ordering: one sequence of messages that ZIM orders by arrival. A group has one; a one-to-one
 * conversation has two, one per participant ({@code ImportedUserId}), because each keeps their own view.
 */
public sealed interface Timeline extends Comparable<Timeline> permits Timeline.GroupTimeline, Timeline.PeerTimeline {

    /** A stable, unique text key, used by journals and reports: {@code g:<group>} or {@code p:<owner>><peer>}. */
    String key();

    @Override
    default int compareTo(Timeline o) {
        return key().compareTo(o.key());
    }

    /** Parses a {@link #key()} back into a timeline. */
    static Timeline fromKey(String key) {
        if (key.startsWith("g:")) {
            return new GroupTimeline(new GroupId(key.substring(2)));
        }
        if (key.startsWith("p:")) {
            int sep = key.indexOf('\u0000');
            if (sep > 0) {
                return new PeerTimeline(new UserId(key.substring(2, sep)), new UserId(key.substring(sep + 1)));
            }
        }
        throw new IllegalArgumentException("not a timeline key: " + key);
    }

    record GroupTimeline(GroupId groupId) implements Timeline {
        @Override
        public String key() {
            return "g:" + groupId.value();
        }

        @Override
        public String toString() {
            return "group " + groupId.value();
        }
    }

    /** {@code owner}'s view of their conversation with {@code peer}: imported with {@code ImportedUserId = owner}. */
    record PeerTimeline(UserId owner, UserId peer) implements Timeline {
        @Override
        public String key() {
            // NUL cannot occur in a valid ID, so the key splits back unambiguously.
            return "p:" + owner.value() + '\u0000' + peer.value();
        }

        @Override
        public String toString() {
            return owner.value() + "'s view of " + peer.value();
        }
    }
}

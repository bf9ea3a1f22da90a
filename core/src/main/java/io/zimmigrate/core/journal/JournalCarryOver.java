package io.zimmigrate.core.journal;

import java.util.function.Predicate;

/**
 * What a delta run carries over from the journal of an earlier input besides its timelines (issue 15): the
 * provisioning (users, groups and their members' progress) and the earlier rejections. The engine's
 * {@code DeltaRebase} makes the new state here, and {@code GroupMembersCarry} rewrites its group records through
 * {@link #provisionedTexts} and {@link #forgetProvisioned} (positions in an earlier plan's order of members would
 * name other people in the new one's).
 */
public final class JournalCarryOver {
    private JournalCarryOver() {}

    /**
     * An empty state of the new input ({@code fingerprint}, planned at {@code plannedAtMillis}, its rows keyed by
     * {@code keys}: the new plan's) with {@code previous}' provisioning and earlier rejections; the delta's comparison
     * then applies each timeline's hold.
     */
    public static JournalState of(JournalState previous, String fingerprint, long plannedAtMillis, JournalKeys keys) {
        JournalState s = new JournalState(new JournalNumbering(fingerprint, keys), null);
        s.begin(fingerprint, plannedAtMillis, previous.rejectedTasks());
        previous.provisioned.forEach(s.provisioned::add);
        return s;
    }

    /**
     * The provisioned subjects of {@code state} other than the users its keys number: groups and their members'
     * progress ({@code group:ID}, {@code members:N:ID}), and users new to the keys.
     */
    public static Iterable<String> provisionedTexts(JournalState state) {
        return state.provisioned.texts();
    }

    /**
     * Forgets provisioned subjects of {@code state} that are kept as text and that {@code drop} matches: a group's
     * record that a new plan's order of members cannot use (a delta's or a growth's, before its rewrite).
     */
    public static void forgetProvisioned(JournalState state, Predicate<String> drop) {
        state.provisioned.forgetTexts(drop);
    }
}

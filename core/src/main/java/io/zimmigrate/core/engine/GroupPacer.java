package io.zimmigrate.core.engine;

import io.zimmigrate.core.model.GroupId;
import java.util.HashMap;
import java.util.Map;

/**
 * ZIM's group-level limit on InviteUsersIntoGroup: one call per second per group (add-group-members.yaml), kept by a
 * spacing per group, not by the action's pacer (which keeps the app-wide cap: one group's limit must not slow the
 * others, which go side by side). A group's next invitation may leave {@link #spacingMillis} after the previous one's
 * answer came back: ZIM counted that request before it answered, so measuring from the answer keeps two arrivals a
 * second apart whatever the time on the way (measured from the departure, a slow first request and a fast second
 * could arrive within the same second). A group-level throttle (660300006) doubles that group's spacing, up to
 * {@link #MAX_SPACING_MILLIS}; its next success resets it. Holds only the groups being invited into; time is passed in.
 */
final class GroupPacer {
    /** ZIM's code for a call over a group-level limit (the code table's throttle column has it). */
    static final long GROUP_LIMIT = 660300006L;
    static final long SECOND = 1000;
    static final long MAX_SPACING_MILLIS = 8 * SECOND;

    private final long guardMillis;
    private final Map<GroupId, long[]> groups = new HashMap<>(); // group -> {next slot, current spacing}

    /** {@code guardMillis}: added to the second, as the action pacers add it to their window. */
    GroupPacer(long guardMillis) {
        this.guardMillis = Math.max(0, guardMillis);
    }

    /** When the next invitation into {@code group} may leave, given it is {@code now}. */
    long nextSlot(GroupId group, long now) {
        long[] g = groups.get(group);
        return g == null ? now : Math.max(now, g[0]);
    }

    /** An invitation into {@code group} was answered at {@code now}; {@code throttled}: with the group-level limit. */
    void answered(GroupId group, long now, boolean throttled) {
        long[] g = groups.computeIfAbsent(group, k -> new long[] {0, SECOND + guardMillis});
        g[1] = throttled ? Math.min(MAX_SPACING_MILLIS, g[1] * 2) : SECOND + guardMillis;
        g[0] = now + g[1];
    }

    /** The current spacing of {@code group}'s invitations (ms). */
    long spacingMillis(GroupId group) {
        long[] g = groups.get(group);
        return g == null ? SECOND + guardMillis : g[1];
    }

    /** {@code group} needs no more invitations: forget it. */
    void forget(GroupId group) {
        groups.remove(group);
    }

    /** How many groups are being paced. */
    int size() {
        return groups.size();
    }
}

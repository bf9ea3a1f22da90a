package io.zimmigrate.emulator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the emulated ZIM app holds: registered users, groups and their members, and each timeline's messages in
 * arrival order.
 * Every method is synchronized, so the event loop and test threads see one consistent state; readers get copies.
 */
final class ZimState {
    /** MsgIds look like ZIM's (large decimal numbers) and grow with every stored message, app-wide. */
    private static final long FIRST_MSG_ID = 6_654_861_479_614L;

    private final Set<String> users = new LinkedHashSet<>();
    private final Set<String> groups = new LinkedHashSet<>();
    private final Map<String, Set<String>> members = new LinkedHashMap<>();
    private final Map<String, List<StoredMessage>> timelines = new LinkedHashMap<>();
    private long nextMsgId = FIRST_MSG_ID;

    /** One page of a timeline, newest first; {@code next} is 0 when nothing older is left. */
    record Page(List<StoredMessage> newestFirst, long next) {}

    /** A stored message's fields before the emulator numbers it. */
    record Arrival(String fromUserId, int messageType, Integer subMsgType, String message, String extendedData,
                   String searchedContent, long msgTime, int priority) {}

    /** Registers {@code userId}; false when it already was. */
    synchronized boolean register(String userId) {
        return users.add(userId);
    }

    synchronized boolean isRegistered(String userId) {
        return users.contains(userId);
    }

    synchronized boolean allRegistered(Collection<String> userIds) {
        return users.containsAll(userIds);
    }

    /** Creates {@code groupId} with {@code firstMembers} (its owner among them); false when it already exists. */
    synchronized boolean createGroup(String groupId, Collection<String> firstMembers) {
        if (!groups.add(groupId)) {
            return false;
        }
        members.put(groupId, new LinkedHashSet<>(firstMembers));
        return true;
    }

    /** Adds {@code userIds} to an existing group (a member already in stays one member). */
    synchronized void addMembers(String groupId, Collection<String> userIds) {
        members.computeIfAbsent(groupId, g -> new LinkedHashSet<>()).addAll(userIds);
    }

    synchronized boolean isMember(String groupId, String userId) {
        return members.getOrDefault(groupId, Set.of()).contains(userId);
    }

    synchronized int memberCount(String groupId) {
        return members.getOrDefault(groupId, Set.of()).size();
    }

    /** The members of a group in the order they joined; empty when it does not exist. */
    synchronized List<String> members(String groupId) {
        return List.copyOf(members.getOrDefault(groupId, Set.of()));
    }

    synchronized boolean groupExists(String groupId) {
        return groups.contains(groupId);
    }

    /** Appends to the end of {@code timelineKey} with the timeline's next MsgSeq (1, 2, 3 …). */
    synchronized StoredMessage append(String timelineKey, Arrival a) {
        List<StoredMessage> timeline = timelines.computeIfAbsent(timelineKey, k -> new ArrayList<>());
        StoredMessage stored = new StoredMessage(timeline.size() + 1L, Long.toString(nextMsgId++), a.fromUserId(),
                a.messageType(), a.subMsgType(), a.message(), a.extendedData(), a.searchedContent(), a.msgTime(),
                a.priority());
        timeline.add(stored);
        return stored;
    }

    synchronized boolean hasTimeline(String timelineKey) {
        return timelines.containsKey(timelineKey);
    }

    /**
     * Up to {@code limit} messages older than the cursor {@code next}, newest first. The cursor is the MsgSeq of the
     * oldest message already returned (0 = start from the newest); MsgSeqs are 1..n, so the answer's cursor is 0
     * exactly when the page reaches MsgSeq 1.
     */
    synchronized Page page(String timelineKey, int limit, long next) {
        List<StoredMessage> timeline = timelines.getOrDefault(timelineKey, List.of());
        long below = next <= 0 ? timeline.size() + 1L : Math.min(next, timeline.size() + 1L);
        List<StoredMessage> out = new ArrayList<>(Math.min(limit, timeline.size()));
        for (long seq = below - 1; seq >= 1 && out.size() < limit; seq--) {
            out.add(timeline.get((int) seq - 1));
        }
        long cursor = out.isEmpty() || out.get(out.size() - 1).msgSeq() == 1 ? 0 : out.get(out.size() - 1).msgSeq();
        return new Page(out, cursor);
    }

    synchronized List<StoredMessage> timeline(String timelineKey) {
        return List.copyOf(timelines.getOrDefault(timelineKey, List.of()));
    }

    synchronized Set<String> timelineKeys() {
        return Set.copyOf(timelines.keySet());
    }

    synchronized Set<String> users() {
        return Set.copyOf(users);
    }

    synchronized Set<String> groups() {
        return Set.copyOf(groups);
    }
}

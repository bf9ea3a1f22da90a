package io.zimmigrate.core.engine.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.core.engine.sim.SimulatedZim.ReadBack;
import io.zimmigrate.core.engine.sim.SimulatedZim.Stored;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.wire.ZimJson;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the {@link SimulatedZim} holds and does with a request once it arrived within the cap: timelines (stored in
 * arrival order, numbered by MsgSeq), users, groups and their members, invitations (at most one per group per
 * wall-clock second, as ZIM documents: 660300006), and the pages a query reads back, newest first. Its transport
 * side (delays, faults, the per-action cap) is {@link SimulatedZim}'s.
 */
final class SimZimStore {
    private final SimWorld world;
    private final Map<String, List<Stored>> timelines = new HashMap<>();
    private final Set<String> users = new HashSet<>();
    private final Set<String> groups = new HashSet<>();
    private final Map<String, Set<String>> members = new HashMap<>();
    private int fromNonMembers;
    /** How many times each "group user" pair was named in an InviteUsersIntoGroup that ZIM applied. */
    private final Map<String, Integer> invitations = new HashMap<>();
    private final Map<String, List<Long>> invitesByGroup = new HashMap<>();
    private long groupThrottled;
    private final Set<String> refusedInvitees = new HashSet<>();
    private ReadBack readBack = ReadBack.DOCUMENTED;
    /** Each page read back, as "timeline next", in the order the queries were answered. */
    private final List<String> readBacks = new ArrayList<>();

    SimZimStore(SimWorld world) {
        this.world = world;
    }

    void setReadBack(ReadBack readBack) {
        this.readBack = readBack;
    }

    List<Stored> timeline(String key) {
        return timelines.getOrDefault(key, List.of());
    }

    Set<String> timelineKeys() {
        return timelines.keySet();
    }

    List<String> readBacks() {
        return List.copyOf(readBacks);
    }

    Set<String> users() {
        return users;
    }

    Set<String> groups() {
        return groups;
    }

    int groupMessagesFromNonMembers() {
        return fromNonMembers;
    }

    Set<String> members(String group) {
        return members.getOrDefault(group, Set.of());
    }

    int timesInvited(String group, String user) {
        return invitations.getOrDefault(group + " " + user, 0);
    }

    int mostInvitationsOfAUser() {
        return invitations.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    List<Long> inviteArrivals(String group) {
        return invitesByGroup.getOrDefault(group, List.of());
    }

    void existingGroup(String group, String... memberIds) {
        groups.add(group);
        members.computeIfAbsent(group, g -> new HashSet<>()).addAll(List.of(memberIds));
    }

    Set<String> refusedInvitees() {
        return refusedInvitees;
    }

    long groupThrottledAnswers() {
        return groupThrottled;
    }

    /**
     * Whether an InviteUsersIntoGroup of {@code group} arriving now is over the group-level cap (another one in the
     * same wall-clock second); counted as a throttled answer when it is. Every invitation that arrives is recorded.
     */
    boolean overGroupCap(String group) {
        List<Long> at = invitesByGroup.computeIfAbsent(group, g -> new ArrayList<>());
        long second = Math.floorDiv(world.now(), 1000);
        boolean over = at.stream().anyMatch(t -> Math.floorDiv(t, 1000) == second);
        at.add(world.now());
        if (over) {
            groupThrottled++;
        }
        return over;
    }

    /** What ZIM does with a request that arrived, and its answer's fields. */
    Map<String, Object> onArrival(String action, JsonNode b) {
        return switch (action) {
            case "ImportGroupMsg" -> {
                if (!members(b.path("GroupId").asText()).contains(b.path("FromUserId").asText())) {
                    fromNonMembers++; // real ZIM may refuse it (660600024, as the emulator does with requireProvisioned)
                }
                yield store(new Timeline.GroupTimeline(new GroupId(b.path("GroupId").asText())).key(), b);
            }
            case "ImportPeerMsg" -> {
                String from = b.path("FromUserId").asText();
                String owner = b.path("ImportedUserId").asText();
                String other = owner.equals(from) ? b.path("ToUserId").asText() : from;
                yield store(new Timeline.PeerTimeline(new UserId(owner), new UserId(other)).key(), b);
            }
            case "UserRegister" -> {
                b.path("UserInfo").forEach(u -> users.add(u.path("UserId").asText()));
                yield ok(Map.of("ErrorList", List.of()));
            }
            case "CreateGroup" -> createGroup(b);
            case "InviteUsersIntoGroup" -> invite(b);
            case "QueryGroupMsg" -> page(new Timeline.GroupTimeline(new GroupId(b.path("GroupId").asText())).key(),
                    b.path("Limit").asInt(), b.path("Next").asLong());
            case "QueryPeerMsg" -> page(new Timeline.PeerTimeline(new UserId(b.path("FromUserId").asText()),
                    new UserId(b.path("ToUserId").asText())).key(), b.path("Limit").asInt(), b.path("Next").asLong());
            default -> throw new IllegalArgumentException("the simulated ZIM does not know " + action);
        };
    }

    /** ZIM adds the owner and the listed members when it creates the group, and nobody when it already exists. */
    private Map<String, Object> createGroup(JsonNode b) {
        String group = b.path("GroupId").asText();
        if (!groups.add(group)) {
            return Map.of("Code", 660600011L, "Message", "group already exists", "RequestId", "sim");
        }
        Set<String> in = members.computeIfAbsent(group, g -> new HashSet<>());
        in.add(b.path("GroupOwner").asText());
        b.path("UserId").forEach(u -> in.add(u.asText()));
        return ok(Map.of("GroupId", group));
    }

    /**
     * Reads GroupMemberInfos (UserIds only when that is empty, as the spec says), without the operator; a member added
     * twice is one member.
     */
    private Map<String, Object> invite(JsonNode b) {
        String group = b.path("GroupId").asText();
        if (!groups.contains(group)) {
            return Map.of("Code", 660600001L, "Message", "group does not exist", "RequestId", "sim");
        }
        List<String> invited = new ArrayList<>();
        JsonNode infos = b.path("GroupMemberInfos");
        if (infos.isArray() && !infos.isEmpty()) {
            infos.forEach(i -> invited.add(i.path("UserId").asText()));
        } else {
            b.path("UserIds").forEach(u -> invited.add(u.asText()));
        }
        if (invited.isEmpty() || invited.size() > 100) {
            return Map.of("Code", 660000002L, "Message", "1 to 100 users", "RequestId", "sim");
        }
        // add-group-members.yaml: "if the array contains the same value as FromUserId, that value will be removed"
        // (the emulator does the same): the operator never invites itself.
        invited.removeIf(u -> u.equals(b.path("FromUserId").asText()));
        List<Map<String, Object>> refused = new ArrayList<>();
        for (String u : invited) {
            if (refusedInvitees.contains(u)) {
                refused.add(Map.of("UserId", u, "SubCode", 660700015L));
                continue;
            }
            members.computeIfAbsent(group, g -> new HashSet<>()).add(u);
            invitations.merge(group + " " + u, 1, Integer::sum);
        }
        return ok(Map.of("ErrorUsers", refused));
    }

    private Map<String, Object> store(String timeline, JsonNode b) {
        String body = b.path("MessageBody").path("Message").asText();
        if (body.contains(SimulatedZim.POISON)) {
            return Map.of("Code", 660000002L, "Message", "input parameter error", "RequestId", "sim");
        }
        List<Stored> list = timelines.computeIfAbsent(timeline, k -> new ArrayList<>());
        long seq = list.size() + 1;
        list.add(new Stored(b.path("FromUserId").asText(), b.path("MessageType").asInt(), body, seq));
        return timeline.startsWith("p:") ? ok(Map.of("MsgSeq", seq, "MsgId", "m" + seq)) : ok(Map.of("MsgSeq", seq));
    }

    private static Map<String, Object> ok(Map<String, Object> fields) {
        Map<String, Object> out = new LinkedHashMap<>(fields);
        out.put("Code", 0);
        out.put("Message", "success");
        out.put("RequestId", "sim");
        return out;
    }

    /** A media body in the read-back form this ZIM uses (the documented one keeps file name and URL only). */
    private String readBack(int type, String body) {
        if (readBack == ReadBack.AS_SENT || type < 11 || type > 14) {
            return body;
        }
        if (readBack == ReadBack.UNREADABLE) {
            return "%7B%22mystery%22%3A1%7D";
        }
        try {
            JsonNode in = ZimJson.mapper().readTree(body);
            ObjectNode out = ZimJson.mapper().createObjectNode();
            out.put("file_name", in.path("FileName").asText());
            out.put("download_url", type == 11 ? in.path("Origin").path("Url").asText() : in.path("Url").asText());
            if (in.has("Size")) {
                out.put("file_size", in.path("Size").asText());
            }
            return URLEncoder.encode(ZimJson.mapper().writeValueAsString(out), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Newest first from {@code next} (0: the newest); the answer's Next is the cursor of the following page, 0 at the end. */
    private Map<String, Object> page(String key, int limit, long next) {
        readBacks.add(key + " " + next);
        List<Stored> list = timeline(key);
        List<Map<String, Object>> out = new ArrayList<>();
        int from = next <= 0 ? list.size() - 1 : (int) Math.min(next - 1, list.size()) - 1;
        long last = 0;
        for (int i = from; i >= 0 && out.size() < limit; i--) {
            Stored st = list.get(i);
            out.add(Map.of("Sender", st.sender(), "MsgType", st.type(), "MsgBody", readBack(st.type(), st.body()),
                    "MsgId", st.msgSeq(), "MsgSeq", st.msgSeq(), "MsgTime", 0, "IsEmpty", 0));
            last = st.msgSeq();
        }
        return ok(Map.of("Next", last <= 1 ? 0 : last, "List", out));
    }
}

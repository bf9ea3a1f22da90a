package io.zimmigrate.files.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.files.support.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a first pass over a Stream export learns about its channels, kept compactly: per channel its type, and
 * at most three distinct member IDs (enough to tell "exactly two" from "more"), and per container the channel it
 * named. Messages are skipped in that pass, so this costs memory per channel, never per message.
 */
final class StreamChannels implements StreamWalker.Visitor {
    /** Members kept per channel: two are needed to name a one-to-one peer, a third proves it is a group. */
    static final int MEMBERS_KEPT = 3;

    /** One channel: its type, its first distinct members, and the member count the channel object declares. */
    static final class Channel {
        final String cid;
        String type;
        int declaredMembers = -1;
        final Set<String> members = new LinkedHashSet<>();

        Channel(String cid) {
            this.cid = cid;
            int colon = cid.indexOf(':');
            this.type = colon > 0 ? cid.substring(0, colon) : null;
        }

        void addMember(String userId) {
            if (userId != null && !userId.isEmpty() && members.size() < MEMBERS_KEPT) {
                members.add(userId);
            }
        }

        /** Members known by ID, or else the declared count. */
        int memberCount() {
            return members.isEmpty() ? declaredMembers : members.size();
        }

        /** A {@code messaging} channel with exactly two members: one-to-one in ZIM. */
        boolean oneToOne() {
            return "messaging".equals(type) && memberCount() == 2;
        }

        /** The two members, when both are known by ID. */
        List<String> pair() {
            return members.size() == 2 ? List.copyOf(members) : List.of();
        }
    }

    private final Map<String, Channel> byCid = new LinkedHashMap<>();
    private final Map<Integer, String> cidByContainer = new HashMap<>();
    /** Members of the current container met before its {@code channel} key. */
    private final List<String> pending = new ArrayList<>();
    private int pendingContainer = -1;

    Channel get(String cid) {
        return cid == null ? null : byCid.get(cid);
    }

    String cidOfContainer(int container) {
        return cidByContainer.get(container);
    }

    Iterable<Channel> all() {
        return byCid.values();
    }

    @Override
    public boolean readsMessages() {
        return false;
    }

    @Override
    public void channel(int container, String cid, JsonNode channel, Locator at) {
        Channel c = byCid.computeIfAbsent(cid, Channel::new);
        String type = Json.text(channel, "type");
        if (type != null && !type.isEmpty()) {
            c.type = type;
        }
        JsonNode count = channel.get("member_count");
        if (count != null && count.isIntegralNumber()) {
            c.declaredMembers = count.intValue();
        }
        JsonNode members = channel.get("members");
        if (members != null && members.isArray()) {
            members.forEach(m -> c.addMember(userOf(m)));
        }
        cidByContainer.put(container, cid);
        if (pendingContainer == container) {
            pending.forEach(c::addMember);
            pending.clear();
        }
    }

    @Override
    public void member(int container, String cid, JsonNode member, Locator at) {
        String user = userOf(member);
        if (cid != null) {
            byCid.computeIfAbsent(cid, Channel::new).addMember(user);
        } else if (pending.size() < MEMBERS_KEPT) {
            pendingContainer = container;
            pending.add(user);
        }
    }

    @Override
    public void message(String cid, JsonNode message, Locator at, String field) {
        // skipped in this pass (readsMessages is false)
    }

    @Override
    public void reaction(JsonNode reaction, Locator at, String field) {
        // counted in the reading pass
    }

    @Override
    public void containerEnd(int container, String cid) {
        if (pendingContainer == container) {
            pending.clear();
            pendingContainer = -1;
        }
    }

    @Override
    public void problem(Locator at, String field, String rule, String text) {
        // reported by the reading pass, which meets the same problem at the same place
    }

    /** A member's user: {@code user_id}, else {@code user.id}. */
    static String userOf(JsonNode member) {
        String id = Json.text(member, "user_id");
        return id != null ? id : Json.text(member.path("user"), "id");
    }
}

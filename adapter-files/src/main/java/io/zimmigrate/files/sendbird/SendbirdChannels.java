package io.zimmigrate.files.sendbird;

import com.fasterxml.jackson.databind.JsonNode;
import io.zimmigrate.core.port.SourceException;
import io.zimmigrate.files.support.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the channels export says about conversations: which channels are one-to-one, and between whom. Only those
 * are kept, as two user IDs each (shared between channels), so memory grows with the number of one-to-one
 * channels, not with the members of every group. Every other channel, and every channel the export does not list
 * (no channels export, an open channel, a channel created outside its period), is a ZIM group.
 *
 * <p>A channel is one-to-one when it is a distinct group channel ({@code is_distinct: true}) whose
 * {@code members} are exactly two users (and {@code member_count}, when given, is 2): Sendbird's 1-to-1 chat.
 */
final class SendbirdChannels {
    private final Map<String, String[]> pairs = new HashMap<>();

    static SendbirdChannels none() {
        return new SendbirdChannels();
    }

    /**
     * Reads the channels exports; a file that is not readable JSON stops with {@link SourceException}: it decides
     * where whole conversations go, so guessing past a break would put messages in the wrong place.
     */
    static SendbirdChannels read(List<SendbirdDocument> exports) {
        SendbirdChannels channels = new SendbirdChannels();
        Map<String, String> userIds = new HashMap<>();
        for (SendbirdDocument doc : exports) {
            try (SendbirdRecords records = SendbirdRecords.open(doc)) {
                for (SendbirdRecords.Item item = records.next(); item != null; item = records.next()) {
                    if (item instanceof SendbirdRecords.Problem p) {
                        throw new SourceException(doc.shownAs() + ":" + p.line() + ": the channels export " + p.message()
                                + "; it decides which channels are one-to-one, so fix it or leave it out");
                    }
                    channels.add(((SendbirdRecords.Entry) item).node(), userIds);
                }
            }
        }
        return channels;
    }

    private void add(JsonNode channel, Map<String, String> userIds) {
        String url = Json.text(channel, "channel_url");
        if (url == null || url.isEmpty()) {
            return;
        }
        JsonNode members = channel.get("members");
        JsonNode count = channel.get("member_count");
        boolean distinct = channel.path("is_distinct").asBoolean(false) && channel.path("is_distinct").isBoolean();
        if (!distinct || members == null || !members.isArray() || members.size() != 2
                || count != null && count.isNumber() && count.asLong() != 2) {
            pairs.remove(url);
            return;
        }
        String a = Json.text(members.get(0), "user_id");
        String b = Json.text(members.get(1), "user_id");
        if (a == null || b == null || a.isEmpty() || b.isEmpty() || a.equals(b)) {
            pairs.remove(url);
            return;
        }
        pairs.put(url, new String[] {userIds.computeIfAbsent(a, k -> k), userIds.computeIfAbsent(b, k -> k)});
    }

    /** The two members of {@code channelUrl} if it is a one-to-one channel. */
    Optional<List<String>> pair(String channelUrl) {
        String[] p = pairs.get(channelUrl);
        return p == null ? Optional.empty() : Optional.of(List.of(p[0], p[1]));
    }

    /** Every user in a one-to-one channel, for reserving their IDs before any is mapped. */
    List<String> users() {
        return pairs.values().stream().flatMap(p -> java.util.Arrays.stream(p)).distinct().toList();
    }

    int oneToOneCount() {
        return pairs.size();
    }
}

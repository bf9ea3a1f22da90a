package io.zimmigrate.core.engine.sim;

import io.zimmigrate.core.input.RawMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** The exports {@link DeltaSimulationTest} runs: its messages, and a followed file's lines as they were written. */
final class DeltaExports {
    private DeltaExports() {}

    /**
     * The followed file: every line written so far in order (new messages and duplicates), an edited message at its
     * place with its new content, a deleted one gone (both change what was planned: a full delta).
     */
    static List<RawMessage> appendOnly(List<RawMessage> written, Map<String, RawMessage> live) {
        Set<String> seen = new HashSet<>(written.stream().map(RawMessage::id).toList());
        for (RawMessage m : live.values()) {
            if (!seen.contains(m.id())) {
                written.add(m);
            }
        }
        Set<String> first = new HashSet<>();
        List<RawMessage> lines = new ArrayList<>();
        for (Iterator<RawMessage> it = written.iterator(); it.hasNext(); ) {
            RawMessage m = it.next();
            boolean original = first.add(m.id());
            if (original && !live.containsKey(m.id())) {
                it.remove(); // deleted
                first.remove(m.id());
                continue;
            }
            if (original && !live.get(m.id()).equals(m)) {
                m = live.get(m.id()); // edited in place
            }
            lines.add(m);
        }
        written.clear();
        written.addAll(lines);
        return new ArrayList<>(lines);
    }

    /** A text message with body {@code id@time}: into one of {@code groups} groups, or one-to-one between users. */
    static RawMessage message(SplittableRandom r, String id, long time, int users, int groups, int v) {
        String sender = "u" + r.nextInt(users);
        String body = id + "@" + time;
        if (r.nextBoolean()) {
            return RawMessage.builder().id(id).groupId("g" + r.nextInt(groups)).fromUserId(sender).messageType(1)
                    .bodyMessage(body).sendMessageTime(time).build();
        }
        String to = sender.equals("u0") ? "u1" : "u0";
        return RawMessage.builder().id(id).toUserId(to).fromUserId(sender).messageType(1).bodyMessage(body)
                .sendMessageTime(time).build();
    }
}

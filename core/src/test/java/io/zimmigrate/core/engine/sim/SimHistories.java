package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.rules.Validation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the simulation tests' generated histories are made of and what they must leave in ZIM, written once for
 * all of them: the oracle ({@link #expectedTimelines}) is computed from the rules alone, independently of the engine.
 */
final class SimHistories {
    private SimHistories() {}

    /** {@code m} edited on the old service: same ID, conversation and time, its body marked {@code -edited}. */
    static io.zimmigrate.core.input.RawMessage edited(io.zimmigrate.core.input.RawMessage m) {
        return io.zimmigrate.core.input.RawMessage.builder().id(m.id()).groupId(m.groupId()).toUserId(m.toUserId())
                .fromUserId(m.fromUserId()).messageType(1).sendMessageTime(m.sendMessageTime())
                .bodyMessage(m.bodyMessage() + "-edited").build();
    }

    /**
     * Edits one message of {@code live} (by ID) whose body ZIM holds in no timeline, picked by {@code r}: after a crash
     * that left sends in flight, often one of those (DeltaSimulationTest). False when ZIM holds every one.
     */
    static boolean editOneLacking(SimulatedZim zim, java.util.Map<String, io.zimmigrate.core.input.RawMessage> live,
                                  java.util.SplittableRandom r) {
        java.util.Set<String> inZim = new java.util.HashSet<>();
        zim.timelineKeys().forEach(k -> zim.timeline(k).forEach(st -> inZim.add(st.body())));
        List<String> lacking = live.values().stream().filter(m -> !inZim.contains(m.bodyMessage()))
                .map(io.zimmigrate.core.input.RawMessage::id).toList();
        if (lacking.isEmpty()) {
            return false;
        }
        String id = lacking.get(r.nextInt(lacking.size()));
        live.put(id, edited(live.get(id)));
        return true;
    }

    /**
     * A new message {@code id} of a conversation in {@code live}, sent 1 ms before one of its messages picked by
     * {@code r}: the first one ZIM lacks, or the last one a timeline holds. After a crash that left a send in flight,
     * often just before that send (not landed, or landed): what a growth or delta must read back before it places
     * the new line (issue 15, session 12). Null when there is none to pick.
     */
    static RawMessage justBeforeOne(SimulatedZim zim, Map<String, RawMessage> live, java.util.SplittableRandom r,
                                    String id) {
        java.util.Set<String> inZim = new java.util.HashSet<>();
        zim.timelineKeys().forEach(k -> zim.timeline(k).forEach(st -> inZim.add(st.body())));
        List<RawMessage> candidates = new ArrayList<>();
        if (r.nextBoolean()) {
            Map<String, RawMessage> firstLacking = new HashMap<>(); // by conversation
            for (RawMessage m : live.values()) {
                String conversation = m.groupId() != null ? m.groupId() : m.fromUserId() + ">" + m.toUserId();
                if (!inZim.contains(m.bodyMessage())) {
                    firstLacking.merge(conversation, m, (a, b) -> b.sendMessageTime() < a.sendMessageTime() ? b : a);
                }
            }
            candidates.addAll(firstLacking.values());
        } else {
            for (String key : zim.timelineKeys()) {
                List<SimulatedZim.Stored> held = zim.timeline(key);
                RawMessage last = held.isEmpty() ? null : live.get(held.get(held.size() - 1).body().split("@")[0]);
                if (last != null) {
                    candidates.add(last);
                }
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        candidates.sort(Comparator.comparing(RawMessage::id));
        RawMessage m = candidates.get(r.nextInt(candidates.size()));
        long at = m.sendMessageTime() - 1;
        return RawMessage.builder().id(id).groupId(m.groupId()).toUserId(m.toUserId()).fromUserId(m.fromUserId())
                .messageType(1).bodyMessage(id + "@" + at).sendMessageTime(at).build();
    }

    /**
     * {@code messages} text messages dealt round-robin: message {@code i} ({@code "m" + i}, body {@code "b" + i})
     * goes to group {@code "g" + i % groups} from sender {@code "u" + i % senders}, a day before {@code now} plus
     * {@code i} ms, so every group's bodies are in send order.
     */
    static List<RawMessage> roundRobin(int messages, int groups, int senders, long now) {
        List<RawMessage> out = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            out.add(RawMessage.builder().id("m" + i).groupId("g" + (i % groups)).fromUserId("u" + (i % senders))
                    .messageType(1).bodyMessage("b" + i).sendMessageTime(now - 86_400_000L + i).build());
        }
        return out;
    }

    /** An image (11) or file (12) body as sent, unique by {@code i}; a poison marker goes into the file name. */
    static String mediaBody(int type, int i, String marker) {
        return type == 11
                ? "{\"Uid\":\"img-" + i + "\",\"Origin\":{\"Url\":\"https://files.example/" + i
                        + ".png\",\"Width\":10,\"Height\":20},\"FileName\":\"" + marker + " photo.png\",\"Size\":1024}"
                : "{\"Uid\":\"file-" + i + "\",\"Url\":\"https://files.example/doc-" + i + "\",\"FileName\":\""
                        + marker + " report.pdf\",\"Size\":2048}";
    }

    /**
     * Per timeline key, the bodies it must hold at the end, in order: the records valid at {@code now}, in (send
     * time, source order), except the poison pills ZIM refuses.
     */
    static Map<String, List<String>> expectedTimelines(List<RawMessage> history, RuleSet ruleSet, long now) {
        InputRules rules = new InputRules(new MessageRules(ruleSet));
        List<Message> valid = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            Validation v = rules.check(new SourceRecord.Readable(Locator.line("memory", i + 1), history.get(i)), now);
            if (v instanceof Validation.Accepted a) {
                valid.add(a.message());
            }
        }
        valid.sort(Comparator.comparingLong(Message::sendTime).thenComparingLong(Message::ordinal));
        Map<String, List<String>> expected = new HashMap<>();
        for (Message m : valid) {
            if (m.body().message().contains(SimulatedZim.POISON)) {
                continue;
            }
            for (Timeline t : m.timelines()) {
                expected.computeIfAbsent(t.key(), k -> new ArrayList<>()).add(m.body().message());
            }
        }
        return expected;
    }

    /** Exactly once, in order, in every timeline; nothing where nothing belongs. */
    static void assertHeldExactly(SimulatedZim zim, Map<String, List<String>> expected) {
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            List<String> landed = zim.timeline(e.getKey()).stream().map(SimulatedZim.Stored::body).toList();
            assertThat(landed).as("timeline %s: exactly once, in order", e.getKey()).containsExactlyElementsOf(e.getValue());
        }
        assertThat(expected.keySet()).containsAll(zim.timelineKeys());
    }

    /**
     * Whether a timeline's send times, in ZIM's order, are a sorted run no later than {@code heldTo} (late messages
     * appended at its end), then a sorted run no earlier than it (the new ones): what a delta with late messages
     * appended may leave after the part held before it.
     */
    static boolean splitsIntoLateThenNew(List<Long> times, long heldTo) {
        for (int split = 0; split <= times.size(); split++) {
            if (sortedWithin(times.subList(0, split), Long.MIN_VALUE, heldTo)
                    && sortedWithin(times.subList(split, times.size()), heldTo, Long.MAX_VALUE)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sortedWithin(List<Long> times, long low, long high) {
        long last = low;
        for (long t : times) {
            if (t < last || t > high) {
                return false;
            }
            last = t;
        }
        return true;
    }
}

package io.zimmigrate.core.engine;

import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.plan.MessageCodec;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A delta's messages imported earlier whose content changed since ({@value DeltaRebase#RULE_CHANGED}): reported, not
 * imported again. A one-to-one message imported into one participant's view only (a run stopped before the other)
 * is completed with the version ZIM holds, so both views hold the same message (issue 15, seed 775): the earlier
 * export's content, in the new export's place (its key and views, so it goes in the order the run already has).
 */
final class ChangedMessages {
    /** Changed messages whose differences are spelled out; the rest are named with their ID only. */
    static final int DETAILED = 1000;

    private ChangedMessages() {}

    /**
     * Pass 5 over the earlier plan, only when messages changed: their earlier form, to say which fields differ
     * ({@code changed}, the first {@link #DETAILED}), and for those with a view to complete ({@code toComplete}, by
     * ID) the message to send there. Returns those, by ID (empty when none).
     */
    static Map<String, Message> report(Plan previous, Map<String, Message> changed, Map<String, Message> toComplete,
                                       MigrationListener listener) {
        Map<String, Message> before = new HashMap<>();
        try (ScratchSpace.RunReader r = previous.messages().read()) {
            while (r.hasNext() && before.size() < changed.size() + toComplete.size()) {
                Message m = MessageCodec.decode(r.next());
                Message now = changed.containsKey(m.id()) ? changed.get(m.id()) : toComplete.get(m.id());
                if (now != null && now.conversation().equals(m.conversation())) {
                    before.put(m.id(), m);
                }
            }
        }
        Map<String, Message> completed = new HashMap<>();
        toComplete.forEach((id, now) -> {
            Message was = before.get(id);
            if (was != null) {
                completed.put(id, new Message(now.id(), now.ordinal(), now.locator(), now.sender(),
                        now.conversation(), now.sendTime(), was.type(), was.priority(), was.body(), was.subType(),
                        was.searchedContent(), now.hiddenFor()));
            }
        });
        changed.forEach((id, now) -> {
            Message was = before.get(id);
            listener.onRejection(rejection(now, was == null ? "its content" : differences(was, now),
                    completed.containsKey(id)));
        });
        return completed;
    }

    static Rejection rejection(Message m, String what, boolean completed) {
        return new Rejection(m.locator(), m.id(), List.of(new Violation("Id", DeltaRebase.RULE_CHANGED,
                "was imported earlier; " + what + " changed since. ZIM keeps the imported version; it is not imported "
                        + "again" + (completed ? " (the view it had not reached yet gets the imported version too)"
                        : ""))));
    }

    private static final Map<String, Function<Message, Object>> FIELDS = fields();

    private static Map<String, Function<Message, Object>> fields() {
        Map<String, Function<Message, Object>> f = new LinkedHashMap<>();
        f.put("SendMessageTime", Message::sendTime);
        f.put("FromUserId", Message::sender);
        f.put("conversation", Message::conversation);
        f.put("MsgType", Message::type);
        f.put("MsgPriority", Message::priority);
        f.put("MsgBody", m -> m.body().message());
        f.put("ExtendedData", m -> m.body().extendedData());
        f.put("SubMsgType", Message::subType);
        f.put("SearchedContent", Message::searchedContent);
        f.put("hidden-for", Message::hiddenFor);
        return f;
    }

    static String differences(Message was, Message now) {
        List<String> names = new ArrayList<>();
        FIELDS.forEach((name, get) -> {
            if (!Objects.equals(get.apply(was), get.apply(now))) {
                names.add(name);
            }
        });
        return names.isEmpty() ? "its content" : String.join(", ", names);
    }
}

package io.zimmigrate.core.validation;

import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.model.BodyContent;
import io.zimmigrate.core.model.Conversation;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.MessageBody;
import io.zimmigrate.core.model.MessageType;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.rules.BodyRules;
import io.zimmigrate.core.rules.Limits;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.RetentionWindow;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.rules.Shown;
import io.zimmigrate.core.rules.Utf8;
import io.zimmigrate.core.rules.Validation;
import io.zimmigrate.core.rules.Violation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies every ZIM rule to one record and reports all violations at once, so a user fixes a bad line in one go.
 * Stateless and thread-safe; {@code now} is passed in, never read from a clock.
 */
public final class MessageRules {
    public static final String RULE_ID_REQUIRED = "record.id-required";
    public static final String RULE_CONVERSATION = "record.conversation";
    public static final String RULE_SELF = "record.self-conversation";
    public static final String RULE_HIDDEN_FOR = "record.hidden-for";
    public static final String RULE_TYPE_REQUIRED = "type.required";
    public static final String RULE_SIGNALING = "type.signaling";
    public static final String RULE_TYPE_UNSUPPORTED = "type.unsupported";
    public static final String RULE_MULTI_DISABLED = "type.multi-item-disabled";
    public static final String RULE_PRIORITY = "priority.range";
    public static final String RULE_SUBTYPE_REQUIRED = "subtype.required";
    public static final String RULE_SUBTYPE_RANGE = "subtype.range";
    public static final String RULE_SEARCHED_SIZE = "searched.size";
    /** A string with a UTF-16 surrogate that has no partner: it has no UTF-8 form (issue #12 item 8). */
    public static final String RULE_LONE_SURROGATE = "text.lone-surrogate";

    private final RuleSet rules;
    private final BodyRules bodies;

    public MessageRules(RuleSet rules) {
        this.rules = rules;
        this.bodies = new BodyRules(rules);
    }

    public RuleSet ruleSet() {
        return rules;
    }

    /**
     * Validates {@code raw}, read at {@code locator} as the {@code ordinal}-th record (0-based) of its input,
     * against the retention window as it stands at {@code nowMillis}.
     */
    public Validation validate(RawMessage raw, Locator locator, long ordinal, long nowMillis) {
        Parts c = new Parts();
        Rejection rejection = check(raw, locator, nowMillis, c);
        if (rejection != null) {
            return new Validation.Rejected(rejection);
        }
        Message message = new Message(raw.id(), ordinal, locator, c.sender, c.conversation, c.sendTime, c.type,
                c.priority, c.body, raw.subMsgType(), raw.searchedContent(), c.hidden);
        // Immutable lists, which Accepted keeps as they are instead of copying.
        return new Validation.Accepted(message, c.warnings);
    }

    /**
     * The rules of {@link #validate} without building the {@link Message}: {@code null} when {@code raw} passes, and
     * then {@code into} holds what the rules made of it; otherwise its rejection ({@code into} is then partly
     * filled). For a pass that only counts accepted records ({@code validate}, issue #13 P3), with one
     * {@code into} reused for every record.
     */
    public Rejection check(RawMessage raw, Locator locator, long nowMillis, Parts into) {
        List<Violation> found = new ArrayList<>(); // no array until the first violation (most records have none)
        into.warnings = List.of();

        if (raw.id() == null || raw.id().isEmpty()) {
            found.add(new Violation("Id", RULE_ID_REQUIRED, "is required: every record needs its source ID"));
        }
        encodable(raw, found);
        UserId sender = user("FromUserId", raw.fromUserId(), found);
        Conversation conversation = conversation(raw, sender, found);
        into.sender = sender;
        into.conversation = conversation;
        into.hidden = hiddenFor(raw, sender, conversation, found);
        MessageType type = type(raw.messageType(), found);
        into.type = type;

        int priority = raw.priority() == null ? 1 : raw.priority();
        if (priority < 1 || priority > 3) {
            found.add(new Violation("Priority", RULE_PRIORITY, priority + " is not 1 (low), 2 (medium) or 3 (high)"));
        }
        into.priority = priority;
        subTypeAndSearch(raw, type, found);

        MessageBody body = null;
        if (raw.bodyMessage() == null) {
            found.add(new Violation("MessageBody.Message", BodyRules.RULE_REQUIRED, "is required"));
        } else {
            body = new MessageBody(raw.bodyMessage(), raw.bodyExtendedData());
            if (type != null) {
                BodyContent ignored = bodies.check(type, body, found);
            }
        }
        into.body = body;

        long sendTime = raw.sendMessageTime() == null ? 0 : raw.sendMessageTime();
        rules.retention().check("SendMessageTime", sendTime, nowMillis).ifPresent(found::add);
        if (sendTime == 0) {
            into.warnings = List.of(new Violation("SendMessageTime", RetentionWindow.RULE_NOW,
                    "is absent or 0, so ZIM stamps the message with the time it is imported"));
        }
        into.sendTime = sendTime;
        return found.isEmpty() ? null : new Rejection(locator, raw.id(), found);
    }

    /**
     * What {@link #check} made of a record that passed: the parts of its {@link Message} that are not the raw
     * record's own. Mutable and reused from record to record; not thread-safe.
     */
    public static final class Parts {
        UserId sender;
        Conversation conversation;
        Set<UserId> hidden;
        MessageType type;
        int priority;
        MessageBody body;
        long sendTime;
        List<Violation> warnings = List.of();

        public UserId sender() {
            return sender;
        }

        public Conversation conversation() {
            return conversation;
        }

        /** Participants whose view must not receive it (one-to-one only; at most one once accepted). */
        public Set<UserId> hiddenFor() {
            return hidden;
        }

        public List<Violation> warnings() {
            return warnings;
        }
    }

    /** {@code found.addAll(more)} without the array ArrayList.addAll copies even from an empty list (most records). */
    private static void addAll(List<Violation> more, List<Violation> found) {
        if (!more.isEmpty()) {
            found.addAll(more);
        }
    }

    /**
     * Every text field must be encodable as UTF-8: a lone surrogate (say a JSON {@code "\\ud800"}) would reach ZIM
     * as U+FFFD, silently changed. Checked before the other rules, in one pass per field without allocating.
     */
    private static void encodable(RawMessage raw, List<Violation> found) {
        lone("Id", raw.id(), found);
        lone("GroupId", raw.groupId(), found);
        lone("ToUserId", raw.toUserId(), found);
        lone("FromUserId", raw.fromUserId(), found);
        lone("MessageBody.Message", raw.bodyMessage(), found);
        lone("MessageBody.ExtendedData", raw.bodyExtendedData(), found);
        lone("SearchedContent", raw.searchedContent(), found);
        if (raw.hiddenFor() != null) {
            for (String who : raw.hiddenFor()) {
                lone("HiddenFor", who, found);
            }
        }
    }

    private static void lone(String field, String value, List<Violation> found) {
        int at = value == null ? -1 : Utf8.firstLoneSurrogate(value);
        if (at >= 0) {
            found.add(new Violation(field, RULE_LONE_SURROGATE, String.format("holds a lone UTF-16 surrogate "
                    + "(\\u%04x at character %d), which has no UTF-8 form: ZIM would store U+FFFD instead; "
                    + "fix the text or its \\u escape", (int) value.charAt(at), at + 1)));
        }
    }

    private UserId user(String field, String raw, List<Violation> found) {
        var checked = rules.ids().user(field, raw);
        addAll(checked.violations(), found);
        return checked.value().orElse(null);
    }

    private Conversation conversation(RawMessage raw, UserId sender, List<Violation> found) {
        boolean group = raw.groupId() != null;
        boolean peer = raw.toUserId() != null;
        if (group == peer) {
            found.add(new Violation(group ? "GroupId/ToUserId" : "GroupId", RULE_CONVERSATION, group
                    ? "both GroupId and ToUserId are given; a message goes to a group or to one user, not both"
                    : "neither GroupId nor ToUserId is given; one of them says where the message goes"));
            return null;
        }
        if (group) {
            var checked = rules.ids().group("GroupId", raw.groupId());
            addAll(checked.violations(), found);
            return checked.value().map(Conversation.Group::new).orElse(null);
        }
        UserId recipient = user("ToUserId", raw.toUserId(), found);
        if (recipient == null) {
            return null;
        }
        if (recipient.equals(sender)) {
            found.add(new Violation("ToUserId", RULE_SELF, "equals FromUserId " + Shown.value(recipient.value())
                    + "; a one-to-one conversation needs two different users"));
            return null;
        }
        return new Conversation.OneToOne(recipient);
    }

    private Set<UserId> hiddenFor(RawMessage raw, UserId sender, Conversation conversation, List<Violation> found) {
        if (raw.hiddenFor() == null || raw.hiddenFor().isEmpty()) {
            return Set.of();
        }
        if (raw.groupId() != null) {
            found.add(new Violation("HiddenFor", RULE_HIDDEN_FOR, "applies only to one-to-one messages, not to groups"));
            return Set.of();
        }
        Set<UserId> hidden = new LinkedHashSet<>();
        for (String who : raw.hiddenFor()) {
            boolean participant = who != null && (sender != null && who.equals(sender.value())
                    || conversation instanceof Conversation.OneToOne o && who.equals(o.recipient().value()));
            if (!participant) {
                found.add(new Violation("HiddenFor", RULE_HIDDEN_FOR,
                        Shown.value(who) + " is not a participant; list FromUserId and/or ToUserId only"));
            } else {
                hidden.add(new UserId(who));
            }
        }
        if (hidden.size() == 2) {
            // Hidden from both views it would be imported nowhere, yet counted as migrated: refuse it instead.
            found.add(new Violation("HiddenFor", RULE_HIDDEN_FOR,
                    "lists both participants, so no one's view would receive the message; leave it out of the input"));
        }
        return hidden;
    }

    private MessageType type(Integer code, List<Violation> found) {
        if (code == null) {
            found.add(new Violation("MessageType", RULE_TYPE_REQUIRED, "is required"));
            return null;
        }
        MessageType type = MessageType.byCode(code);
        if (type == null || type == MessageType.BARRAGE) {
            found.add(new Violation("MessageType", RULE_TYPE_UNSUPPORTED, code
                    + " is not an importable type; use 1 text, 11 image, 12 file, 13 audio, 14 video or 200 custom"));
            return null;
        }
        if (type == MessageType.COMMAND) {
            found.add(new Violation("MessageType", RULE_SIGNALING, "2: signaling messages cannot be imported"));
            return null;
        }
        if (type == MessageType.MULTI_ITEM && !rules.multiItemEnabled()) {
            found.add(new Violation("MessageType", RULE_MULTI_DISABLED,
                    "10: multi-item messages are not confirmed importable; enable them with --allow-multi-item"));
            return null;
        }
        return type;
    }

    /**
     * ZIM requires {@code SubMsgType} for custom (200) messages and documents it, and {@code SearchedContent}, with
     * custom messages; its own ImportGroupMsg sample sends both with a text message. So both are accepted on every
     * type and sent as given; only the range and the 64-byte limit apply.
     */
    private static void subTypeAndSearch(RawMessage raw, MessageType type, List<Violation> found) {
        Integer sub = raw.subMsgType();
        if (type == MessageType.CUSTOM && sub == null) {
            found.add(new Violation("SubMsgType", RULE_SUBTYPE_REQUIRED, "is required for custom (200) messages"));
        } else if (sub != null && (sub < 0 || sub > Limits.SUB_TYPE_MAX)) {
            found.add(new Violation("SubMsgType", RULE_SUBTYPE_RANGE, sub + " is outside [0, " + Limits.SUB_TYPE_MAX + "]"));
        }
        String searched = raw.searchedContent();
        if (searched != null) {
            int bytes = Utf8.length(searched);
            if (bytes > Limits.SEARCHED_CONTENT) {
                found.add(new Violation("SearchedContent", RULE_SEARCHED_SIZE,
                        Shown.value(searched) + " is " + bytes + " bytes; at most " + Limits.SEARCHED_CONTENT + " are allowed"));
            }
        }
    }
}

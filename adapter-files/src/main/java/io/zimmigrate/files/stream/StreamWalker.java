package io.zimmigrate.files.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.files.support.Json;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.IntFunction;

/**
 * Walks the JSON of a Stream Chat channel export with a streaming parser and hands each entity to a
 * {@link Visitor}: channels, members, messages, reactions. Only one entity is in memory at a time (a message, a
 * member), never a channel's whole history, so a v1 export of any size is read in bounded memory.
 *
 * <p>Accepted shapes (docs/sources.md, "Stream Chat"): a <em>channel state</em> as the regular API returns it,
 * {@code {"channel":{…},"members":[…],"messages":[…]}}; a list of them; {@code {"channels":[…]}} holding them;
 * and, for v2 lines, one entity wrapped in its API name: {@code {"channel":{…}}}, {@code {"member":{…}}},
 * {@code {"message":{…}}}, {@code {"reaction":{…}}} (an optional {@code "type"} naming the same entity is
 * allowed). Every container is numbered in document order, the same in every pass, so a later pass can know the
 * channel of messages that come before their container's {@code channel} key.
 */
final class StreamWalker {
    static final String RULE_SHAPE = "stream.line-shape";
    static final String RULE_FIELD = "stream.field-required";
    static final String RULE_FIELD_TYPE = "stream.field-type";
    /** The container keys that make an object a channel state or an entity wrapper. */
    static final String KNOWN_KEYS = "channel, channels, members, member, messages, message, reaction";

    /** What the walk found; every method is called in document order. */
    interface Visitor {
        /** Whether messages are wanted; if not they are skipped without building them. */
        default boolean readsMessages() {
            return true;
        }

        void channel(int container, String cid, JsonNode channel, Locator at);

        /** A member; {@code cid} is null when its container names no channel (yet). */
        void member(int container, String cid, JsonNode member, Locator at);

        /** A message; {@code cid} is its own {@code cid}, else its container's channel, else null. */
        void message(String cid, JsonNode message, Locator at, String field);

        void reaction(JsonNode reaction, Locator at, String field);

        /** The end of container {@code container}, whose channel was {@code cid} (null if it named none). */
        default void containerEnd(int container, String cid) {}

        void problem(Locator at, String field, String rule, String text);
    }

    /** Where the parser is, as a locator: the parser's line in a v1 file, the line of the line in v2. */
    interface Position {
        Locator at(JsonParser p);
    }

    private final Visitor visitor;
    private final IntFunction<String> knownCid;
    private int containers;
    /** The channel of the most recent v2 line that named one: entity lines without a cid belong to it. */
    private String lastCid;
    /** Where the walk is inside the current top-level value; empty between values. */
    private final Deque<Frame> stack = new ArrayDeque<>();
    private JsonParser p;
    private Position pos;
    private boolean lineMode;

    /** {@code knownCid}: a container's channel when an earlier pass found it, else null. */
    StreamWalker(Visitor visitor, IntFunction<String> knownCid) {
        this.visitor = visitor;
        this.knownCid = knownCid;
    }

    private enum ListKind { CHANNELS, MEMBERS, MESSAGES }

    private sealed interface Frame permits ListFrame, ContainerFrame {}

    private static final class ListFrame implements Frame {
        final ListKind kind;
        final String field;
        final ContainerFrame owner;
        int index;

        ListFrame(ListKind kind, String field, ContainerFrame owner) {
            this.kind = kind;
            this.field = field;
            this.owner = owner;
        }
    }

    private static final class ContainerFrame implements Frame {
        final int number;
        final String field;
        final String prefix;
        final Locator start;
        String current;
        /** A v2 line's own container: without a channel of its own, its entities belong to the last line's. */
        boolean inherits;
        boolean recognised;
        boolean bareEntity;

        ContainerFrame(int number, String field, Locator start, String current) {
            this.number = number;
            this.field = field;
            this.prefix = field.isEmpty() ? "" : field + ".";
            this.start = start;
            this.current = current;
        }
    }

    /**
     * Starts walking one top-level JSON value: the parser is on its first token. Then call {@link #step()} until
     * it returns false; each step reads at most one entity, so a caller can stop between any two.
     */
    void begin(JsonParser parser, Position position, String field, boolean line) throws IOException {
        this.p = parser;
        this.lineMode = line;
        this.pos = position;
        stack.clear();
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_ARRAY) {
            stack.push(new ListFrame(ListKind.CHANNELS, field, null));
        } else if (t == JsonToken.START_OBJECT) {
            openContainer(field);
        } else {
            visitor.problem(pos.at(p), field.isEmpty() ? "(line)" : field, RULE_SHAPE,
                    "must be a JSON object or list of channel states, not " + t);
            p.skipChildren();
        }
    }

    /** Reads the next piece of the value begun; false once the value is read to its end. */
    boolean step() throws IOException {
        Frame top = stack.peek();
        if (top == null) {
            return false;
        }
        if (top instanceof ListFrame list) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.END_ARRAY) {
                stack.pop();
            } else {
                String field = list.field + "[" + list.index++ + "]";
                switch (list.kind) {
                    case CHANNELS -> element(field);
                    case MEMBERS -> member(field, channelOf(list.owner), list.owner.number);
                    case MESSAGES -> message(field, channelOf(list.owner));
                }
            }
        } else {
            containerField((ContainerFrame) top);
        }
        return !stack.isEmpty();
    }

    private void element(String field) throws IOException {
        if (p.currentToken() == JsonToken.START_OBJECT) {
            openContainer(field);
        } else {
            Locator at = pos.at(p);
            p.skipChildren();
            visitor.problem(at, field, RULE_SHAPE, "must be a channel state object");
        }
    }

    private void openContainer(String field) {
        int number = containers++;
        ContainerFrame c = new ContainerFrame(number, field, pos.at(p), knownCid.apply(number));
        c.inherits = lineMode && stack.isEmpty();
        stack.push(c);
    }

    private String channelOf(ContainerFrame c) {
        return c.current != null ? c.current : c.inherits ? lastCid : null;
    }

    private void containerField(ContainerFrame c) throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.FIELD_NAME) {
            stack.pop();
            if (!c.recognised) {
                visitor.problem(c.start, c.field.isEmpty() ? "(line)" : c.field, RULE_SHAPE, (c.bareEntity
                        ? "is a bare entity (it has an id); an export line wraps it in its name, e.g. {\"message\":{…}}"
                        : "holds none of the keys " + KNOWN_KEYS) + "; see docs/sources.md, \"Stream Chat\"");
            }
            visitor.containerEnd(c.number, c.current);
            return;
        }
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
            case "channel" -> {
                c.recognised = true;
                channel(c, v);
            }
            case "channels", "members", "messages" -> {
                c.recognised = true;
                String field = c.prefix + name;
                if (v != JsonToken.START_ARRAY) {
                    visitor.problem(pos.at(p), field, RULE_FIELD_TYPE, "must be a list");
                    p.skipChildren();
                } else {
                    ListKind kind = name.equals("channels") ? ListKind.CHANNELS
                            : name.equals("members") ? ListKind.MEMBERS : ListKind.MESSAGES;
                    stack.push(new ListFrame(kind, field, c));
                }
            }
            case "member" -> {
                c.recognised = true;
                member(c.prefix + "member", channelOf(c), c.number);
            }
            case "message" -> {
                c.recognised = true;
                message(c.prefix + "message", channelOf(c));
            }
            case "reaction" -> {
                c.recognised = true;
                if (v == JsonToken.START_OBJECT) {
                    Locator at = pos.at(p);
                    visitor.reaction(Json.MAPPER.readTree(p), at, c.prefix + "reaction");
                } else {
                    p.skipChildren();
                }
            }
            case "cid" -> {
                // {"cid":"messaging:x","member":{…}}: the wrapper names the channel of its entity.
                if (v == JsonToken.VALUE_STRING && !p.getText().isEmpty() && c.current == null) {
                    c.current = p.getText();
                }
            }
            case "id" -> {
                c.bareEntity = true;
                p.skipChildren();
            }
            default -> p.skipChildren(); // the other parts of a channel state (read, watchers, ...) hold no messages
        }
    }

    private void channel(ContainerFrame c, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            visitor.problem(pos.at(p), c.prefix + "channel", RULE_FIELD_TYPE, "must be an object");
            p.skipChildren();
            return;
        }
        Locator at = pos.at(p);
        JsonNode channel = Json.MAPPER.readTree(p);
        String cid = cidOf(channel);
        if (cid == null) {
            visitor.problem(at, c.prefix + "channel.cid", RULE_FIELD, "is required (or both type and id)");
            return;
        }
        c.current = cid;
        lastCid = cid;
        visitor.channel(c.number, cid, channel, at);
    }

    private void member(String field, String containerCid, int number) throws IOException {
        Locator at = pos.at(p);
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            visitor.problem(at, field, RULE_FIELD_TYPE, "must be a member object");
            return;
        }
        JsonNode member = Json.MAPPER.readTree(p);
        String own = firstText(member, "cid", "channel_cid");
        visitor.member(number, own != null ? own : containerCid, member, at);
    }

    private void message(String field, String containerCid) throws IOException {
        Locator at = pos.at(p);
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            visitor.problem(at, field, RULE_FIELD_TYPE, "must be a message object");
            return;
        }
        if (!visitor.readsMessages()) {
            p.skipChildren();
            return;
        }
        JsonNode message = Json.MAPPER.readTree(p);
        String own = Json.text(message, "cid");
        visitor.message(own != null ? own : containerCid, message, at, field);
    }

    /** A channel's {@code cid}, or {@code type:id} when it has no cid; null if neither. */
    static String cidOf(JsonNode channel) {
        String cid = Json.text(channel, "cid");
        if (cid != null && !cid.isEmpty()) {
            return cid;
        }
        String type = Json.text(channel, "type");
        String id = Json.text(channel, "id");
        return type != null && id != null && !type.isEmpty() && !id.isEmpty() ? type + ":" + id : null;
    }

    static String firstText(JsonNode node, String... fields) {
        for (String f : fields) {
            String v = Json.text(node, f);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }
}

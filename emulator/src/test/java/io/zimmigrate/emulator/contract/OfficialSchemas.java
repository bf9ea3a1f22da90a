package io.zimmigrate.emulator.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request-body constraints of ZIM's official OpenAPI specs, encoded by hand: required fields, types, enums,
 * {@code maxLength}, {@code maxItems}, {@code minimum}/{@code maximum}. Encoded here rather than read from
 * {@code ../shared/zim-openapi/*.yaml} at test time so the build never depends on a file outside the repository
 * (and needs no YAML parser). Sources, snapshot 2026-08-21 of ZEGOCLOUD/docs_all:
 * {@code import-group-messages.yaml} (ImportGroupMessageRequest), {@code import-one-to-one-messages.yaml}
 * (ImportPeerMessageRequest), {@code batch-register-users.yaml} (UserRegisterRequest), {@code create-a-group.yaml}
 * (CreateGroupRequest), {@code add-group-members.yaml} (InviteUsersIntoGroupRequest: it marks both {@code UserIds}
 * and {@code GroupMemberInfos} required), {@code query-the-message-list-of-group-chats.yaml} (QueryGroupMsgRequest),
 * {@code query-the-message-list-of-one-on-one-chats.yaml} (QueryPeerMsgRequest). The import specs type
 * {@code MessageBody} as a bare object; its fields come from the MessageBody introduction page (Message required,
 * ExtendedData optional; OfflinePush and HasReceipt unsupported for imports, so not allowed here).
 *
 * <p>Stricter than the specs in two ways, on purpose: {@code null} is refused everywhere (OpenAPI 3.0 fields are not
 * nullable unless they say so, and zim-migrate must never send one), and a field the spec does not list is refused
 * (we only send documented fields). {@code maxLength} counts characters as JSON Schema does; ZIM's byte limits are
 * core's rules' business.
 */
final class OfficialSchemas {

    enum Kind { STRING, NUMBER, OBJECT, ARRAY }

    /** One property's constraints. Fluent, test-only. */
    static final class Field {
        final String name;
        final Kind kind;
        boolean required;
        Integer maxLength;
        List<Long> allowed;
        Long minimum;
        Long maximum;
        Integer maxItems;
        Kind itemKind;
        Map<String, Field> properties;

        Field(String name, Kind kind) {
            this.name = name;
            this.kind = kind;
        }

        Field required() {
            required = true;
            return this;
        }

        Field maxLength(int n) {
            maxLength = n;
            return this;
        }

        Field oneOf(long... values) {
            allowed = new ArrayList<>();
            for (long v : values) {
                allowed.add(v);
            }
            return this;
        }

        Field range(long min, long max) {
            minimum = min;
            maximum = max;
            return this;
        }

        Field maxItems(int n) {
            maxItems = n;
            return this;
        }

        Field items(Kind kind, Field... itemProperties) {
            itemKind = kind;
            if (itemProperties.length > 0) {
                properties = schema(itemProperties);
            }
            return this;
        }

        Field with(Field... props) {
            properties = schema(props);
            return this;
        }
    }

    static Field str(String name) {
        return new Field(name, Kind.STRING);
    }

    static Field num(String name) {
        return new Field(name, Kind.NUMBER);
    }

    static Field obj(String name) {
        return new Field(name, Kind.OBJECT);
    }

    static Field arr(String name) {
        return new Field(name, Kind.ARRAY);
    }

    static Map<String, Field> schema(Field... fields) {
        Map<String, Field> m = new LinkedHashMap<>();
        for (Field f : fields) {
            m.put(f.name, f);
        }
        return m;
    }

    private static Field messageBody() {
        return obj("MessageBody").required().with(str("Message").required(), str("ExtendedData"));
    }

    static final Map<String, Map<String, Field>> BY_ACTION = Map.of(
            "ImportGroupMsg", schema(
                    str("FromUserId").required().maxLength(32),
                    str("GroupId").required().maxLength(32),
                    num("MessageType").required(),
                    num("Priority").required().oneOf(1, 2, 3),
                    messageBody(),
                    num("SubMsgType"),
                    str("SearchedContent"),
                    num("SendMessageTime")),
            "ImportPeerMsg", schema(
                    str("FromUserId").required().maxLength(32),
                    str("ToUserId").required().maxLength(32),
                    num("MessageType").required(),
                    num("Priority").required().oneOf(1, 2, 3),
                    messageBody(),
                    num("SubMsgType"),
                    str("SearchedContent"),
                    num("SendMessageTime"),
                    str("ImportedUserId").required()),
            "UserRegister", schema(
                    arr("UserInfo").required().maxItems(100).items(Kind.OBJECT,
                            str("UserId").required().maxLength(32),
                            str("UserName").maxLength(256),
                            str("UserAvatar").maxLength(500))),
            "CreateGroup", schema(
                    str("GroupId").maxLength(32),
                    str("GroupName").maxLength(50),
                    str("GroupNotice").maxLength(300),
                    str("GroupAvatar").maxLength(500),
                    str("GroupOwner").required().maxLength(32),
                    arr("UserId").maxItems(100).items(Kind.STRING),
                    arr("Attributes").items(Kind.OBJECT, str("Key").required(), str("Value").required()),
                    num("CreateGroupTime")),
            "InviteUsersIntoGroup", schema(
                    str("FromUserId").required().maxLength(32),
                    str("GroupId").required().maxLength(32),
                    arr("UserIds").required().maxItems(100).items(Kind.STRING),
                    arr("GroupMemberInfos").required().maxItems(100).items(Kind.OBJECT,
                            str("UserId").required().maxLength(32),
                            num("EnterGroupTime"),
                            num("IsInvite").oneOf(0, 1))),
            "QueryGroupMsg", schema(
                    str("GroupId").required().maxLength(32),
                    num("Limit").range(1, 100),
                    num("Next"),
                    num("WithEmptyMsg").oneOf(0, 1)),
            "QueryPeerMsg", schema(
                    str("FromUserId").required().maxLength(32),
                    str("ToUserId").required().maxLength(32),
                    num("Limit").range(1, 100),
                    num("Next"),
                    num("WithEmptyMsg").oneOf(0, 1)));

    private OfficialSchemas() {}

    /** Everything wrong with {@code body} as a request of {@code action}; empty when it fits. */
    static List<String> violations(String action, JsonNode body) {
        List<String> out = new ArrayList<>();
        Map<String, Field> schema = BY_ACTION.get(action);
        if (schema == null) {
            out.add(action + ": no schema for this action");
            return out;
        }
        checkObject(action, body, schema, out);
        return out;
    }

    private static void checkObject(String path, JsonNode node, Map<String, Field> schema, List<String> out) {
        if (node == null || !node.isObject()) {
            out.add(path + ": must be an object");
            return;
        }
        for (Field f : schema.values()) {
            if (f.required && !node.has(f.name)) {
                out.add(path + "." + f.name + ": required but absent");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Field f = schema.get(e.getKey());
            String at = path + "." + e.getKey();
            if (f == null) {
                out.add(at + ": not a field of the official schema");
            } else {
                checkValue(at, e.getValue(), f, out);
            }
        }
    }

    private static void checkValue(String at, JsonNode v, Field f, List<String> out) {
        if (v.isNull()) {
            out.add(at + ": null (leave the field out instead)");
            return;
        }
        switch (f.kind) {
            case STRING -> {
                if (!v.isTextual()) {
                    out.add(at + ": must be a string, is " + v.getNodeType());
                } else if (f.maxLength != null && v.asText().codePointCount(0, v.asText().length()) > f.maxLength) {
                    out.add(at + ": longer than maxLength " + f.maxLength);
                }
            }
            case NUMBER -> {
                if (!v.isNumber()) {
                    out.add(at + ": must be a number, is " + v.getNodeType());
                    return;
                }
                if (f.allowed != null && !(v.canConvertToExactIntegral() && f.allowed.contains(v.asLong()))) {
                    out.add(at + ": " + v + " is not one of " + f.allowed);
                }
                if (f.minimum != null && v.asDouble() < f.minimum || f.maximum != null && v.asDouble() > f.maximum) {
                    out.add(at + ": " + v + " is outside [" + f.minimum + ", " + f.maximum + "]");
                }
            }
            case OBJECT -> checkObject(at, v, f.properties == null ? Map.of() : f.properties, out);
            case ARRAY -> {
                if (!v.isArray()) {
                    out.add(at + ": must be an array, is " + v.getNodeType());
                    return;
                }
                if (f.maxItems != null && v.size() > f.maxItems) {
                    out.add(at + ": more than maxItems " + f.maxItems);
                }
                for (int i = 0; i < v.size(); i++) {
                    Field item = new Field(f.name + "[" + i + "]", f.itemKind);
                    item.properties = f.properties;
                    checkValue(at + "[" + i + "]", v.get(i), item, out);
                }
            }
        }
    }
}

package io.zimmigrate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.core.rules.IdRules;
import io.zimmigrate.core.rules.Utf8;
import io.zimmigrate.core.rules.Violation;
import io.zimmigrate.core.wire.CreateGroupRequest;
import io.zimmigrate.core.wire.UserRegisterRequest;
import io.zimmigrate.core.wire.ZimJson;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * UserRegister and CreateGroup (batch-register-users.yaml, create-a-group.yaml): what a migration sets up before it
 * imports. UserRegister answers Code 0 with an ErrorList when some users were registered or the only failures are
 * "already registered" (660700002), so repeating a setup is harmless; when every user failed for another reason
 * the first such SubCode becomes the Code. A CreateGroupTime in the future gets 660800046, ZIM's code for "the
 * passed timestamp is later than the current time".
 */
final class ProvisioningHandler {
    static final int MAX_USER_NAME_BYTES = 256;
    static final int MAX_AVATAR_BYTES = 500;
    static final int MAX_GROUP_NAME_CHARS = 50;

    private final ZimState state;
    private final IdRules ids;
    private final boolean requireProvisioned;
    private long generatedGroups;

    ProvisioningHandler(ZimState state, IdRules ids, boolean requireProvisioned) {
        this.state = state;
        this.ids = ids;
        this.requireProvisioned = requireProvisioned;
    }

    Answer registerUsers(JsonNode body) {
        WireFields f = new WireFields(body);
        JsonNode list = f.array("UserInfo", true);
        if (!f.violations().isEmpty()) {
            return paramError(f.violations());
        }
        if (list.isEmpty() || list.size() > UserRegisterRequest.MAX_USERS) {
            return Answer.of(Codes.PARAM_ERROR, "input parameter error: UserInfo has " + list.size()
                    + " users; 1 to " + UserRegisterRequest.MAX_USERS + " are allowed per call");
        }
        ArrayNode errors = ZimJson.mapper().createArrayNode();
        int registered = 0;
        Long firstFailure = null;
        for (JsonNode item : list) {
            WireFields u = new WireFields(item);
            String userId = item.isObject() ? u.text("UserId", true) : null;
            String name = u.text("UserName", false);
            String avatar = u.text("UserAvatar", false);
            long subCode;
            String why;
            List<Violation> idViolations = ids.checkUser("UserId", userId);
            if (!item.isObject() || !u.violations().isEmpty()) {
                subCode = Codes.PARAM_ERROR;
                why = item.isObject() ? join(u.violations()) : "each UserInfo item must be an object";
            } else if (!idViolations.isEmpty()) {
                boolean tooLong = idViolations.stream().anyMatch(v -> v.rule().equals(IdRules.RULE_LENGTH));
                subCode = tooLong ? Codes.USER_ID_TOO_LONG : Codes.PARAM_ERROR;
                why = join(idViolations);
            } else if (name != null && Utf8.length(name) > MAX_USER_NAME_BYTES) {
                subCode = Codes.USER_NAME_TOO_LONG;
                why = "UserName is longer than " + MAX_USER_NAME_BYTES + " bytes";
            } else if (avatar != null && Utf8.length(avatar) > MAX_AVATAR_BYTES) {
                subCode = Codes.USER_AVATAR_TOO_LONG;
                why = "UserAvatar is longer than " + MAX_AVATAR_BYTES + " bytes";
            } else if (!state.register(userId)) {
                subCode = Codes.USER_EXISTS;
                why = "user already exists";
            } else {
                registered++;
                continue;
            }
            ObjectNode error = errors.addObject();
            error.put("UserId", userId == null ? "" : userId);
            error.put("SubCode", subCode);
            error.put("SubMessage", why);
            if (firstFailure == null && subCode != Codes.USER_EXISTS) {
                firstFailure = subCode;
            }
        }
        Answer answer = registered == 0 && firstFailure != null
                ? Answer.of(firstFailure, "no user was registered; see ErrorList")
                : Answer.success();
        answer.body().set("ErrorList", errors);
        return answer;
    }

    Answer createGroup(JsonNode body, long nowMillis) {
        WireFields f = new WireFields(body);
        String owner = f.text("GroupOwner", true);
        String groupId = f.text("GroupId", false);
        String groupName = f.text("GroupName", false);
        List<String> members = f.texts("UserId", false);
        Long createTime = f.longValue("CreateGroupTime", false);
        if (!f.violations().isEmpty()) {
            return paramError(f.violations());
        }
        List<Violation> bad = ids.checkUser("GroupOwner", owner);
        if (groupId != null && !groupId.isEmpty()) {
            bad = concat(bad, ids.checkGroup("GroupId", groupId));
        }
        if (groupName != null && groupName.codePointCount(0, groupName.length()) > MAX_GROUP_NAME_CHARS) {
            bad = concat(bad, List.of(new Violation("GroupName", "group.name-length",
                    "is longer than " + MAX_GROUP_NAME_CHARS + " characters")));
        }
        if (createTime != null && createTime < 0) {
            bad = concat(bad, List.of(new Violation("CreateGroupTime", "time.negative", "must not be negative")));
        }
        if (!bad.isEmpty()) {
            return paramError(bad);
        }
        if (members != null && members.size() > CreateGroupRequest.MAX_MEMBERS) {
            return Answer.of(Codes.TOO_MANY_MEMBERS, "UserId lists " + members.size() + " users; at most "
                    + CreateGroupRequest.MAX_MEMBERS + " can join at creation");
        }
        if (createTime != null && createTime > nowMillis) {
            return Answer.of(Codes.TIME_IN_FUTURE, "CreateGroupTime is later than the current time");
        }
        if (requireProvisioned && !state.isRegistered(owner)) {
            return Answer.of(Codes.GROUP_OWNER_MISSING, "GroupOwner " + owner + " does not exist");
        }
        String id = groupId == null || groupId.isEmpty() ? generatedGroupId() : groupId;
        if (!state.createGroup(id)) {
            return Answer.of(Codes.GROUP_EXISTS, "group " + id + " already exists");
        }
        Answer answer = Answer.success();
        answer.body().put("GroupId", id);
        ArrayNode joined = answer.body().putArray("Members");
        ArrayNode failed = answer.body().putArray("ErrorUsers");
        joined.addObject().put("UserId", owner).put("UserName", "");
        Set<String> others = new LinkedHashSet<>(members == null ? List.of() : members);
        others.remove(owner); // ZIM de-duplicates the owner
        for (String member : others) {
            long subCode = !ids.checkUser("UserId", member).isEmpty() ? Codes.PARAM_ERROR
                    : requireProvisioned && !state.isRegistered(member) ? Codes.USER_NOT_REGISTERED : Codes.SUCCESS;
            if (subCode == Codes.SUCCESS) {
                joined.addObject().put("UserId", member).put("UserName", "");
            } else {
                failed.addObject().put("UserId", member).put("SubCode", subCode);
            }
        }
        return answer;
    }

    /** ZIM names the groups it creates with a leading '#', which callers may not use. */
    private synchronized String generatedGroupId() {
        String id;
        do {
            id = "#" + (++generatedGroups);
        } while (state.groupExists(id));
        return id;
    }

    private static List<Violation> concat(List<Violation> a, List<Violation> b) {
        return b.isEmpty() ? a : java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static Answer paramError(List<Violation> violations) {
        return Answer.of(Codes.PARAM_ERROR, "input parameter error: " + join(violations));
    }

    private static String join(List<Violation> violations) {
        return violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}

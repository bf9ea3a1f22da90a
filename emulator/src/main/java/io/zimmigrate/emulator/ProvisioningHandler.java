package io.zimmigrate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.core.rules.IdRules;
import io.zimmigrate.core.rules.Utf8;
import io.zimmigrate.core.rules.Violation;
import io.zimmigrate.core.wire.CreateGroupRequest;
import io.zimmigrate.core.wire.InviteUsersIntoGroupRequest;
import io.zimmigrate.core.wire.UserRegisterRequest;
import io.zimmigrate.core.wire.ZimJson;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * UserRegister, CreateGroup and InviteUsersIntoGroup (batch-register-users.yaml, create-a-group.yaml,
 * add-group-members.yaml): what a migration sets up before it imports. UserRegister answers Code 0 with an ErrorList
 * when some users were registered or the only failures are "already registered" (660700002), so repeating a setup is
 * harmless; when every user failed for another reason the first such SubCode becomes the Code. A CreateGroupTime in
 * the future gets 660800046, ZIM's code for "the passed timestamp is later than the current time".
 *
 * <p>InviteUsersIntoGroup: one call per group per second ({@link EmulatorConfig#invitesPerGroupPerSecond()}, else
 * 660300006), 1 to 100 users (else 660000011, as a group that would pass {@link EmulatorConfig#maxGroupMembers()});
 * reads {@code GroupMemberInfos}, or {@code UserIds} when that is empty, as the spec says. A user already a member
 * is no error (ZIM does not document that case; a set is what the emulator keeps). Users it cannot add are listed
 * in {@code ErrorUsers} with Code 0, or, when none could be added, with the first SubCode as the Code.
 * {@code IsInvite} 1 adds nobody (the user would have to agree first).
 */
final class ProvisioningHandler {
    static final int MAX_USER_NAME_BYTES = 256;
    static final int MAX_AVATAR_BYTES = 500;
    static final int MAX_GROUP_NAME_CHARS = 50;

    private final ZimState state;
    private final IdRules ids;
    private final boolean requireProvisioned;
    private final int maxGroupMembers;
    private final RequestCap invitesPerGroup;
    private long generatedGroups;

    ProvisioningHandler(ZimState state, IdRules ids, EmulatorConfig config) {
        this.state = state;
        this.ids = ids;
        this.requireProvisioned = config.requireProvisioned();
        this.maxGroupMembers = config.maxGroupMembers();
        this.invitesPerGroup = new RequestCap(config.invitesPerGroupPerSecond());
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
        Set<String> others = new LinkedHashSet<>(members == null ? List.of() : members);
        others.remove(owner); // ZIM de-duplicates the owner
        if (1 + others.size() > maxGroupMembers) {
            return Answer.of(Codes.TOO_MANY_USERS, "a group of this app has at most " + maxGroupMembers + " members");
        }
        String id = groupId == null || groupId.isEmpty() ? generatedGroupId() : groupId;
        Answer answer = Answer.success();
        ArrayNode joined = answer.body().putArray("Members");
        ArrayNode failed = answer.body().putArray("ErrorUsers");
        List<String> in = new java.util.ArrayList<>(List.of(owner));
        joined.addObject().put("UserId", owner).put("UserName", "");
        for (String member : others) {
            long subCode = memberRefusal(member);
            if (subCode == Codes.SUCCESS) {
                in.add(member);
                joined.addObject().put("UserId", member).put("UserName", "");
            } else {
                failed.addObject().put("UserId", member).put("SubCode", subCode);
            }
        }
        if (!state.createGroup(id, in)) {
            return Answer.of(Codes.GROUP_EXISTS, "group " + id + " already exists");
        }
        answer.body().put("GroupId", id);
        return answer;
    }

    Answer inviteUsers(JsonNode body, long nowMillis) {
        WireFields f = new WireFields(body);
        String from = f.text("FromUserId", true);
        String groupId = f.text("GroupId", true);
        List<String> userIds = f.texts("UserIds", false);
        JsonNode infos = f.array("GroupMemberInfos", false);
        if (!f.violations().isEmpty()) {
            return paramError(f.violations());
        }
        if (!invitesPerGroup.tryAccept(groupId, nowMillis)) {
            return Answer.of(Codes.GROUP_RATE_LIMIT, "the call frequency is over the group-level limit (1/s)");
        }
        List<Violation> bad = concat(ids.checkUser("FromUserId", from), ids.checkGroup("GroupId", groupId));
        if (!bad.isEmpty()) {
            return paramError(bad);
        }
        Set<String> users = new LinkedHashSet<>();
        if (infos != null && !infos.isEmpty()) {
            for (JsonNode info : infos) {
                WireFields i = new WireFields(info);
                String user = info.isObject() ? i.text("UserId", true) : null;
                Long enterTime = i.longValue("EnterGroupTime", false);
                Integer isInvite = i.integer("IsInvite", false);
                if (user == null || !i.violations().isEmpty()) {
                    return paramError(i.violations().isEmpty()
                            ? List.of(new Violation("GroupMemberInfos", "wire.type", "items must be objects"))
                            : i.violations());
                }
                if (enterTime != null && enterTime > nowMillis) {
                    return Answer.of(Codes.TIME_IN_FUTURE, "EnterGroupTime is later than the current time");
                }
                if (isInvite == null || isInvite == 0) {
                    users.add(user);
                }
            }
        } else if (userIds != null) {
            users.addAll(userIds);
        }
        users.remove(from); // the spec: a user equal to FromUserId is removed
        int count = infos != null && !infos.isEmpty() ? infos.size() : userIds == null ? 0 : userIds.size();
        if (count == 0 || count > InviteUsersIntoGroupRequest.MAX_USERS) {
            return Answer.of(Codes.TOO_MANY_USERS, "the call names " + count + " users; 1 to "
                    + InviteUsersIntoGroupRequest.MAX_USERS + " are allowed");
        }
        if (requireProvisioned && !state.groupExists(groupId)) { // unprovisioned, it checks nobody's existence
            return Answer.of(Codes.GROUP_NOT_FOUND, "GroupId " + groupId + " does not exist");
        }
        if (requireProvisioned && !state.isRegistered(from)) {
            return Answer.of(Codes.SENDER_NOT_REGISTERED, "FromUserId " + from + " is not registered");
        }
        return invite(groupId, users);
    }

    private Answer invite(String groupId, Set<String> users) {
        List<String> joining = new java.util.ArrayList<>();
        ArrayNode failed = ZimJson.mapper().createArrayNode();
        Long firstFailure = null;
        for (String user : users) {
            long subCode = memberRefusal(user);
            if (subCode == Codes.SUCCESS) {
                joining.add(user);
            } else {
                failed.addObject().put("UserId", user).put("SubCode", subCode);
                firstFailure = firstFailure == null ? subCode : firstFailure;
            }
        }
        long newcomers = joining.stream().filter(u -> !state.isMember(groupId, u)).count();
        if (state.memberCount(groupId) + newcomers > maxGroupMembers) {
            return Answer.of(Codes.TOO_MANY_USERS, "group " + groupId + " would have more than " + maxGroupMembers
                    + " members, this app's limit");
        }
        state.addMembers(groupId, joining);
        Answer answer = joining.isEmpty() && firstFailure != null
                ? Answer.of(firstFailure, "no user was added; see ErrorUsers")
                : Answer.success();
        answer.body().set("ErrorUsers", failed);
        return answer;
    }

    /** Why a user cannot join a group (as a SubCode), or {@link Codes#SUCCESS}. */
    private long memberRefusal(String user) {
        return !ids.checkUser("UserId", user).isEmpty() ? Codes.PARAM_ERROR
                : requireProvisioned && !state.isRegistered(user) ? Codes.USER_NOT_REGISTERED : Codes.SUCCESS;
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

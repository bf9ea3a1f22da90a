package io.zimmigrate.core.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.ReadMessage;
import io.zimmigrate.core.port.UserRefused;
import io.zimmigrate.core.port.ZimGateway.GroupCreation;
import io.zimmigrate.core.port.ZimGateway.ImportReceipt;
import io.zimmigrate.core.port.ZimGateway.Invited;
import io.zimmigrate.core.port.ZimGateway.MessagePage;
import io.zimmigrate.core.port.ZimGateway.Registration;
import io.zimmigrate.core.wire.ZimJson;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * How one kind of call reads ZIM's answer: the value of a success, and what "already exists" means for it. The
 * verdict comes from {@link ZimCodes}; only UserRegister adjusts it (see {@link #registration()}). Values are the
 * port's domain results, built here from {@link ZimResponses}: ZIM's field names stop at the protocol.
 */
abstract class AnswerReading<T> {

    /** The value of a successful ({@code Code} 0) answer. */
    abstract T done(ZimAnswer answer) throws IOException;

    /** The value when ZIM says the thing already exists; empty when that answer makes no sense for this call. */
    Optional<T> alreadyDone(ZimAnswer answer) throws IOException {
        return Optional.empty();
    }

    Verdict verdict(ZimAnswer answer) {
        return ZimCodes.verdictOf(answer.code());
    }

    static <R> R as(JsonNode json, Class<R> type) throws IOException {
        return ZimJson.mapper().treeToValue(json, type);
    }

    /** Imports: the receipt. Read leniently: with {@code Code} 0 the message is in, whatever else the body holds. */
    static AnswerReading<ImportReceipt> importReceipt() {
        return new AnswerReading<>() {
            @Override
            ImportReceipt done(ZimAnswer answer) {
                JsonNode seq = answer.json().get("MsgSeq");
                JsonNode id = answer.json().get("MsgId");
                return new ImportReceipt(seq != null && seq.canConvertToLong() ? seq.asLong() : 0L,
                        id == null || id.isNull() ? null : id.asText());
            }
        };
    }

    /**
     * UserRegister: users that were already registered are not failures. ZIM answers a batch in which every user
     * already exists with a non-zero {@code Code} and an {@code ErrorList} of 660700002 entries
     * (batch-register-users.yaml); that is success too.
     */
    static AnswerReading<Registration> registration() {
        return new AnswerReading<>() {
            @Override
            Registration done(ZimAnswer answer) throws IOException {
                List<ZimResponses.RegisterError> errors = as(answer.json(), ZimResponses.Register.class).errorList();
                return new Registration(errors == null ? List.of() : errors.stream()
                        .filter(e -> e.subCode() != ZimCodes.USER_ALREADY_REGISTERED)
                        .map(e -> new UserRefused(user(e.userId()), e.subCode(), e.subMessage()))
                        .toList());
            }

            @Override
            Optional<Registration> alreadyDone(ZimAnswer answer) throws IOException {
                boolean meant = answer.code() == ZimCodes.USER_ALREADY_REGISTERED || everyUserExisted(answer);
                return meant ? Optional.of(done(answer)) : Optional.empty();
            }

            @Override
            Verdict verdict(ZimAnswer answer) {
                return answer.code() != 0 && everyUserExisted(answer) ? Verdict.ALREADY_DONE : super.verdict(answer);
            }
        };
    }

    private static boolean everyUserExisted(ZimAnswer answer) {
        JsonNode list = answer.json().get("ErrorList");
        if (list == null || !list.isArray() || list.isEmpty()) {
            return false;
        }
        for (JsonNode e : list) {
            JsonNode sub = e.get("SubCode");
            if (sub == null || !sub.canConvertToLong() || sub.asLong() != ZimCodes.USER_ALREADY_REGISTERED) {
                return false;
            }
        }
        return true;
    }

    /** CreateGroup: 660600011 means the group is there already, which is what setup wants. */
    static AnswerReading<GroupCreation> groupCreation(String requestedGroupId) {
        return new AnswerReading<>() {
            @Override
            GroupCreation done(ZimAnswer answer) throws IOException {
                ZimResponses.CreateGroup r = as(answer.json(), ZimResponses.CreateGroup.class);
                return new GroupCreation(GroupId.of(r.groupId() != null ? r.groupId() : requestedGroupId), false,
                        refusedMembers(r));
            }

            @Override
            Optional<GroupCreation> alreadyDone(ZimAnswer answer) throws IOException {
                if (answer.code() != ZimCodes.GROUP_ALREADY_EXISTS) {
                    return Optional.empty();
                }
                ZimResponses.CreateGroup r = as(answer.json(), ZimResponses.CreateGroup.class);
                return Optional.of(new GroupCreation(GroupId.of(requestedGroupId), true, refusedMembers(r)));
            }
        };
    }

    /**
     * InviteUsersIntoGroup: with {@code Code} 0 the users not in {@code ErrorUsers} are members. A non-zero code is
     * read by the table (all failed, or a throttle, or a parameter error: add-group-members.yaml).
     */
    static AnswerReading<Invited> invitation() {
        return new AnswerReading<>() {
            @Override
            Invited done(ZimAnswer answer) throws IOException {
                ZimResponses.Invite r = as(answer.json(), ZimResponses.Invite.class);
                return new Invited(r.errorUsers() == null ? List.of() : r.errorUsers().stream()
                        .map(e -> new UserRefused(user(e.userId()), e.subCode(), null)).toList());
            }
        };
    }

    /** QueryGroupMsg / QueryPeerMsg: one page, newest first. */
    static AnswerReading<MessagePage> messagePage() {
        return new AnswerReading<>() {
            @Override
            MessagePage done(ZimAnswer answer) throws IOException {
                ZimResponses.Query r = as(answer.json(), ZimResponses.Query.class);
                return new MessagePage(r.list() == null ? List.of()
                        : r.list().stream().map(AnswerReading::readMessage).toList(), r.next());
            }
        };
    }

    private static List<UserRefused> refusedMembers(ZimResponses.CreateGroup r) {
        return r.errorUsers() == null ? List.of()
                : r.errorUsers().stream().map(e -> new UserRefused(user(e.userId()), e.subCode(), null)).toList();
    }

    private static ReadMessage readMessage(ZimResponses.QueriedMessage q) {
        return new ReadMessage(user(q.sender()), q.msgType(), q.subMsgType(), q.msgBody(), q.msgSeq(), q.msgId(),
                q.msgTime(), q.isEmpty() != 0);
    }

    /** A user ID as ZIM wrote it; an absent one reads as "", which matches nobody we sent as. */
    private static UserId user(String id) {
        return UserId.of(id == null ? "" : id);
    }
}

package io.zimmigrate.core.port;

import io.zimmigrate.core.wire.CreateGroupRequest;
import io.zimmigrate.core.wire.ImportGroupMsgRequest;
import io.zimmigrate.core.wire.ImportPeerMsgRequest;
import io.zimmigrate.core.wire.QueryGroupMsgRequest;
import io.zimmigrate.core.wire.QueryPeerMsgRequest;
import io.zimmigrate.core.wire.UserRegisterRequest;
import io.zimmigrate.core.wire.ZimResponses;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What ZIM does for a migration. Asynchronous so the engine can keep many timelines in flight; every stage
 * completes normally with an {@link Outcome} (never exceptionally). Each call sends at most one request: a
 * gateway never retries an import by itself, since ZIM has no idempotency key.
 */
public interface ZimGateway extends AutoCloseable {

    CompletionStage<Outcome<ImportReceipt>> importGroupMessage(ImportGroupMsgRequest request);

    CompletionStage<Outcome<ImportReceipt>> importPeerMessage(ImportPeerMsgRequest request);

    /** Registers up to 100 users; users ZIM could not register are listed in the result, not failed. */
    CompletionStage<Outcome<Registration>> registerUsers(UserRegisterRequest request);

    CompletionStage<Outcome<GroupCreation>> createGroup(CreateGroupRequest request);

    CompletionStage<Outcome<MessagePage>> queryGroupMessages(QueryGroupMsgRequest request);

    CompletionStage<Outcome<MessagePage>> queryPeerMessages(QueryPeerMsgRequest request);

    /** Releases what the gateway owns (never what its caller handed in). */
    @Override
    default void close() {}

    /** ZIM's receipt for an imported message: its place in the timeline, and for peer imports its message ID. */
    record ImportReceipt(long msgSeq, String msgId) {}

    /** UserRegister's partial result: the users it could not register (already registered ones are not failures). */
    record Registration(List<ZimResponses.RegisterError> failures) {
        public Registration {
            failures = failures == null ? List.of() : List.copyOf(failures);
        }
    }

    /** CreateGroup's result; {@code alreadyExisted} when ZIM answered 660600011. */
    record GroupCreation(String groupId, boolean alreadyExisted, List<ZimResponses.ErrorUser> errorUsers) {
        public GroupCreation {
            errorUsers = errorUsers == null ? List.of() : List.copyOf(errorUsers);
        }
    }

    /** One page of a timeline, newest first; {@code next} is 0 when there is nothing more. */
    record MessagePage(List<ZimResponses.QueriedMessage> messages, long next) {
        public MessagePage {
            messages = messages == null ? List.of() : List.copyOf(messages);
        }
    }
}

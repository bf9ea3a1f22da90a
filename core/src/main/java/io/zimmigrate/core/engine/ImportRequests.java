package io.zimmigrate.core.engine;

import io.zimmigrate.core.model.Conversation;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.wire.Action;
import io.zimmigrate.core.wire.ImportGroupMsgRequest;
import io.zimmigrate.core.wire.ImportPeerMsgRequest;
import io.zimmigrate.core.wire.WireBody;
import java.util.concurrent.CompletionStage;

/** Turns a task into the one ZIM call that imports it. */
final class ImportRequests {
    private ImportRequests() {}

    static Action actionOf(Timeline t) {
        return t instanceof Timeline.GroupTimeline ? Action.IMPORT_GROUP_MSG : Action.IMPORT_PEER_MSG;
    }

    static CompletionStage<Outcome<ZimGateway.ImportReceipt>> send(ZimGateway gateway, Task task) {
        Message m = task.message();
        WireBody body = new WireBody(m.body().message(), m.body().extendedData());
        Long time = m.sendTime() == 0 ? null : m.sendTime();
        if (task.timeline() instanceof Timeline.PeerTimeline view) {
            Conversation.OneToOne c = (Conversation.OneToOne) m.conversation();
            return gateway.importPeerMessage(new ImportPeerMsgRequest(m.sender().value(), c.recipient().value(),
                    m.type().code(), m.priority(), body, m.subType(), m.searchedContent(), time, view.owner().value()));
        }
        Timeline.GroupTimeline g = (Timeline.GroupTimeline) task.timeline();
        return gateway.importGroupMessage(new ImportGroupMsgRequest(m.sender().value(), g.groupId().value(),
                m.type().code(), m.priority(), body, m.subType(), m.searchedContent(), time));
    }
}

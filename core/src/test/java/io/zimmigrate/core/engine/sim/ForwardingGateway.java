package io.zimmigrate.core.engine.sim;

import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ZimGateway;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** A gateway that hands every call to another one; a test overrides the call it watches. */
abstract class ForwardingGateway implements ZimGateway {
    private final ZimGateway delegate;

    ForwardingGateway(ZimGateway delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletionStage<Outcome<ImportReceipt>> importMessage(Message message, Timeline timeline) {
        return delegate.importMessage(message, timeline);
    }

    @Override
    public CompletionStage<Outcome<Registration>> registerUsers(List<UserId> users) {
        return delegate.registerUsers(users);
    }

    @Override
    public CompletionStage<Outcome<GroupCreation>> createGroup(NewGroup group) {
        return delegate.createGroup(group);
    }

    @Override
    public CompletionStage<Outcome<Invited>> inviteUsers(Invitation invitation) {
        return delegate.inviteUsers(invitation);
    }

    @Override
    public CompletionStage<Outcome<MessagePage>> readBack(Timeline timeline, int limit, long next) {
        return delegate.readBack(timeline, limit, next);
    }
}

package io.zimmigrate.emulator.contract;

import static io.zimmigrate.emulator.contract.GatewayCalls.await;
import static io.zimmigrate.emulator.contract.GatewayCalls.done;
import static io.zimmigrate.emulator.contract.GatewayCalls.rejectedWith;
import static io.zimmigrate.emulator.contract.GatewayCalls.users;
import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.gateway.ZimProtocolGateway;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.UserRefused;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.port.ZimGateway.GroupCreation;
import io.zimmigrate.core.port.ZimGateway.ImportReceipt;
import io.zimmigrate.core.wire.CreateGroupRequest;
import io.zimmigrate.emulator.ZimEmulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Users and groups: registering and creating are idempotent, a message into a missing group or from an
 * unregistered user is rejected, invitations add members at ZIM's one per second per group, and a member alone may
 * write.
 */
public interface ProvisioningContract extends GatewayFixture {
    @Test
    default void provisioningIsIdempotentAndAMissingGroupIsRejected() {
        ZimEmulator zim = emulator(c -> c.requireProvisioned(true));
        ZimProtocolGateway zimGateway = gateway(zim);
        Outcome<ImportReceipt> unregistered = await(zimGateway.importGroupMessage(groupText("u1", "g1", "x")));
        assertThat(unregistered).isEqualTo(rejectedWith(unregistered, 660500002L));

        assertThat(done(await(zimGateway.registerUsers(users("u1", "u2")))).refused()).isEmpty();
        assertThat(done(await(zimGateway.registerUsers(users("u1", "u2")))).refused()).isEmpty();
        assertThat(zim.registeredUsers()).containsExactlyInAnyOrder("u1", "u2");

        Outcome<ImportReceipt> noGroup = await(zimGateway.importGroupMessage(groupText("u1", "g1", "x")));
        assertThat(noGroup).isEqualTo(rejectedWith(noGroup, 660600001L));

        CreateGroupRequest create = new CreateGroupRequest("g1", "u1", "Group one", List.of("u2"), anHourAgo() - HOUR);
        assertThat(done(await(zimGateway.createGroup(create)))).isEqualTo(new GroupCreation(GroupId.of("g1"), false, List.of()));
        assertThat(done(await(zimGateway.createGroup(create)))).isEqualTo(new GroupCreation(GroupId.of("g1"), true, List.of()));
        assertThat(zim.groups()).containsExactly("g1");

        assertThat(await(zimGateway.importGroupMessage(groupText("u1", "g1", "x")))).isInstanceOf(Outcome.Done.class);
        assertThat(zim.requestsReceived("UserRegister")).isEqualTo(2);
        assertThat(zim.requestsReceived("CreateGroup")).isEqualTo(2);
    }

    @Test
    default void invitationsAddMembersAtOnePerSecondPerGroupAndAMemberAloneMayWrite() {
        ZimEmulator zim = emulator(c -> c.requireProvisioned(true));
        ZimProtocolGateway zimGateway = gateway(zim);
        assertThat(done(await(zimGateway.registerUsers(users("u1", "u2", "u3")))).refused()).isEmpty();
        long created = anHourAgo() - HOUR;
        done(await(zimGateway.createGroup(new ZimGateway.NewGroup(GroupId.of("g1"), "g1", UserId.of("u1"),
                List.of(UserId.of("u2")), created))));
        Outcome<ImportReceipt> stranger = await(zimGateway.importGroupMessage(groupText("u3", "g1", "x")));
        assertThat(stranger).isEqualTo(rejectedWith(stranger, 660600024L));

        ZimGateway.Invitation invitation = new ZimGateway.Invitation(GroupId.of("g1"), UserId.of("u1"),
                List.of(UserId.of("u3"), UserId.of("nobody")), created);
        assertThat(done(await(zimGateway.inviteUsers(invitation))).refused())
                .extracting(UserRefused::user).containsExactly(UserId.of("nobody"));
        assertThat(zim.groupMembers("g1")).containsExactly("u1", "u2", "u3");
        Outcome<ZimGateway.Invited> again = await(zimGateway.inviteUsers(invitation));
        assertThat(again).as("the same group within the same second").isInstanceOf(Outcome.RetryLater.class);
        assertThat(((Outcome.RetryLater<?>) again).code()).isEqualTo(660300006L);
        assertThat(((Outcome.RetryLater<?>) again).throttled()).isTrue();
        clock().advance(Duration.ofSeconds(1));
        assertThat(done(await(zimGateway.inviteUsers(invitation))).refused()).hasSize(1);
        assertThat(zim.groupMembers("g1")).as("invited twice, one member").containsExactly("u1", "u2", "u3");
        assertThat(await(zimGateway.importGroupMessage(groupText("u3", "g1", "x")))).isInstanceOf(Outcome.Done.class);
        assertThat(zim.requestsReceived("InviteUsersIntoGroup")).isEqualTo(3);
    }
}

package io.zimmigrate.emulator;

import static io.zimmigrate.emulator.Fixture.groupText;
import static io.zimmigrate.emulator.Fixture.register;
import static io.zimmigrate.emulator.ZimTestClient.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Groups keep their members: CreateGroup's owner and {@code UserId}s, then InviteUsersIntoGroup's
 * (add-group-members.yaml), at most one invitation per group per second and no more members than the app allows;
 * a provisioned emulator refuses a group message from a non-member (660600024).
 */
class GroupMembersTest {
    private final Fixture fixture = new Fixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static Map<String, Object> invite(String from, String group, String... users) {
        List<Map<String, Object>> infos = new ArrayList<>();
        for (String u : users) {
            infos.add(obj("UserId", u, "EnterGroupTime", 0, "IsInvite", 0));
        }
        return obj("FromUserId", from, "GroupId", group, "UserIds", List.of(users), "GroupMemberInfos", infos);
    }

    private ZimTestClient provisioned(ZimEmulator emulator) throws Exception {
        ZimTestClient client = fixture.client(emulator);
        assertThat(client.post("UserRegister", register("owner", "a", "b", "c")).code()).isZero();
        assertThat(client.post("CreateGroup", obj("GroupId", "team", "GroupOwner", "owner", "UserId", List.of("a")))
                .code()).isZero();
        return client;
    }

    @Test
    void invitedUsersBecomeMembersAndOnlyMembersMayWriteInTheGroup() throws Exception {
        ZimEmulator emulator = fixture.start(b -> b.qps(0).requireProvisioned(true));
        ZimTestClient client = provisioned(emulator);
        assertThat(emulator.groupMembers("team")).containsExactly("owner", "a");
        assertThat(client.post("ImportGroupMsg", groupText("a", "team", "hi")).code()).isZero();
        assertThat(client.post("ImportGroupMsg", groupText("b", "team", "hi")).code()).as("b is not a member")
                .isEqualTo(660_600_024L);

        ZimTestClient.Reply reply = client.post("InviteUsersIntoGroup", invite("owner", "team", "b", "a", "stranger"));
        assertThat(reply.code()).as("some were added").isZero();
        assertThat(reply.json().path("ErrorUsers")).hasSize(1);
        assertThat(reply.json().path("ErrorUsers").get(0).path("UserId").asText()).isEqualTo("stranger");
        assertThat(reply.json().path("ErrorUsers").get(0).path("SubCode").asLong()).isEqualTo(660_700_015L);
        assertThat(emulator.groupMembers("team")).as("a member invited again stays one member")
                .containsExactly("owner", "a", "b");
        assertThat(client.post("ImportGroupMsg", groupText("b", "team", "hi")).code()).isZero();
        assertThat(emulator.timeline("g:team")).hasSize(2);
    }

    @Test
    void userIdsAreReadOnlyWhenThereAreNoMemberInfosAndNobodyAddedIsAFailure() throws Exception {
        ZimEmulator emulator = fixture.start(b -> b.qps(0).requireProvisioned(true));
        ZimTestClient client = provisioned(emulator);
        assertThat(client.post("InviteUsersIntoGroup", obj("FromUserId", "owner", "GroupId", "team",
                "UserIds", List.of("b"), "GroupMemberInfos", List.of())).code()).isZero();
        fixture.clock.advance(Duration.ofSeconds(1));
        assertThat(client.post("InviteUsersIntoGroup", obj("FromUserId", "owner", "GroupId", "team",
                "UserIds", List.of("nobody"), "GroupMemberInfos", List.of(obj("UserId", "c")))).code()).isZero();
        assertThat(emulator.groupMembers("team")).containsExactly("owner", "a", "b", "c");
        fixture.clock.advance(Duration.ofSeconds(1));
        assertThat(client.post("InviteUsersIntoGroup", invite("owner", "team", "x", "y")).code())
                .as("every user refused: the first SubCode is the Code").isEqualTo(660_700_015L);
        fixture.clock.advance(Duration.ofSeconds(1));
        assertThat(client.post("InviteUsersIntoGroup", invite("owner", "nope", "b")).code()).isEqualTo(660_600_001L);
    }

    @Test
    void oneInvitationPerGroupPerSecond() throws Exception {
        ZimEmulator emulator = fixture.start(b -> b.qps(0).requireProvisioned(true));
        ZimTestClient client = provisioned(emulator);
        assertThat(client.post("CreateGroup", obj("GroupId", "other", "GroupOwner", "owner")).code()).isZero();
        assertThat(client.post("InviteUsersIntoGroup", invite("owner", "team", "b")).code()).isZero();
        assertThat(client.post("InviteUsersIntoGroup", invite("owner", "team", "c")).code())
                .as("the same group within the same second").isEqualTo(660_300_006L);
        assertThat(client.post("InviteUsersIntoGroup", invite("owner", "other", "c")).code())
                .as("another group is not limited by this one").isZero();
        fixture.clock.advance(Duration.ofMillis(750)); // START is a quarter past a second: the next second
        assertThat(client.post("InviteUsersIntoGroup", invite("owner", "team", "c")).code()).isZero();
        assertThat(emulator.groupMembers("team")).containsExactly("owner", "a", "b", "c");
    }

    @Test
    void atMostAHundredUsersACallAndNoMoreMembersThanTheAppAllows() throws Exception {
        ZimEmulator emulator = fixture.start(b -> b.qps(0).requireProvisioned(true).maxGroupMembers(4)
                .invitesPerGroupPerSecond(0));
        ZimTestClient client = provisioned(emulator);
        String[] many = new String[101];
        for (int i = 0; i < many.length; i++) {
            many[i] = "u" + i;
        }
        assertThat(client.post("InviteUsersIntoGroup", invite("owner", "team", many)).code()).isEqualTo(660_000_011L);
        assertThat(client.post("InviteUsersIntoGroup", invite("owner", "team", "b", "c")).code())
                .as("owner, a, b, c would be 4; with another, 5").isZero();
        assertThat(client.post("UserRegister", register("d")).code()).isZero();
        assertThat(client.post("InviteUsersIntoGroup", invite("owner", "team", "d")).code()).isEqualTo(660_000_011L);
        assertThat(emulator.groupMembers("team")).containsExactly("owner", "a", "b", "c");
    }

    @Test
    void anUnprovisionedEmulatorStillTakesAnyonesGroupMessages() throws Exception {
        ZimEmulator emulator = fixture.start(b -> b.qps(0));
        ZimTestClient client = fixture.client(emulator);
        assertThat(client.post("ImportGroupMsg", groupText("anyone", "anywhere", "hi")).code()).isZero();
    }
}

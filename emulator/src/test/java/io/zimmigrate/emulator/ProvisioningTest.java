package io.zimmigrate.emulator;

import static io.zimmigrate.emulator.Fixture.groupText;
import static io.zimmigrate.emulator.Fixture.peerText;
import static io.zimmigrate.emulator.Fixture.register;
import static io.zimmigrate.emulator.ZimTestClient.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProvisioningTest {
    private final Fixture fixture = new Fixture();
    private ZimEmulator emulator;
    private ZimTestClient client;

    @BeforeEach
    void start() {
        emulator = fixture.start(b -> b.qps(0).requireProvisioned(true));
        client = fixture.client(emulator);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aGroupImportNeedsARegisteredSenderAndAnExistingGroup() throws Exception {
        assertThat(client.post("ImportGroupMsg", groupText("owner", "team", "hi")).code()).isEqualTo(660_500_002L);

        assertThat(client.post("UserRegister", register("owner")).code()).isZero();
        assertThat(client.post("ImportGroupMsg", groupText("owner", "team", "hi")).code()).isEqualTo(660_600_001L);

        assertThat(client.post("CreateGroup", obj("GroupId", "team", "GroupOwner", "owner")).code()).isZero();
        var reply = client.post("ImportGroupMsg", groupText("owner", "team", "hi"));

        assertThat(reply.code()).isZero();
        assertThat(reply.json().path("MsgSeq").asLong()).isEqualTo(1);
        assertThat(emulator.registeredUsers()).containsExactly("owner");
        assertThat(emulator.groups()).containsExactly("team");
        assertThat(emulator.timeline("g:team")).hasSize(1);
    }

    @Test
    void aPeerImportNeedsBothUsersRegistered() throws Exception {
        client.post("UserRegister", register("alice"));

        assertThat(client.post("ImportPeerMsg", peerText("alice", "bob", "alice", "hi")).code()).isEqualTo(660_500_002L);
        assertThat(client.post("ImportPeerMsg", peerText("bob", "alice", "alice", "hi")).code()).isEqualTo(660_500_002L);
        assertThat(emulator.timelineKeys()).isEmpty();

        client.post("UserRegister", register("bob"));
        assertThat(client.post("ImportPeerMsg", peerText("alice", "bob", "alice", "hi")).code()).isZero();
    }

    @Test
    void withoutRequireProvisionedNothingNeedsSettingUp() throws Exception {
        ZimEmulator open = fixture.start(b -> b.qps(0));

        assertThat(fixture.client(open).post("ImportGroupMsg", groupText("nobody", "nowhere", "hi")).code()).isZero();
    }

    @Test
    void registeringAnExistingUserIsCodeZeroWithAnErrorListEntry() throws Exception {
        client.post("UserRegister", register("alice"));

        var reply = client.post("UserRegister", register("alice", "bob"));

        assertThat(reply.code()).isZero();
        assertThat(reply.json().path("ErrorList")).hasSize(1);
        assertThat(reply.json().path("ErrorList").get(0).path("UserId").asText()).isEqualTo("alice");
        assertThat(reply.json().path("ErrorList").get(0).path("SubCode").asLong()).isEqualTo(660_700_002L);
        assertThat(emulator.registeredUsers()).containsExactlyInAnyOrder("alice", "bob");

        var again = client.post("UserRegister", register("alice", "bob"));
        assertThat(again.code()).as("repeating a setup is harmless").isZero();
        assertThat(again.json().path("ErrorList")).hasSize(2);
    }

    @Test
    void invalidUsersAreListedAndFailTheCallOnlyWhenNoneWasRegistered() throws Exception {
        var partly = client.post("UserRegister", register("fine", "jörg"));
        var none = client.post("UserRegister", register("x".repeat(33)));

        assertThat(partly.code()).isZero();
        assertThat(partly.json().path("ErrorList").get(0).path("SubCode").asLong()).isEqualTo(660_000_002L);
        assertThat(none.code()).isEqualTo(660_000_012L);
        assertThat(emulator.registeredUsers()).containsExactly("fine");
    }

    @Test
    void atMostOneHundredUsersPerCall() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            ids.add("user" + i);
        }

        assertThat(client.post("UserRegister", register(ids.toArray(String[]::new))).code()).isEqualTo(660_000_002L);
        assertThat(client.post("UserRegister", register(ids.subList(0, 100).toArray(String[]::new))).code()).isZero();
        assertThat(emulator.registeredUsers()).hasSize(100);
    }

    @Test
    void creatingAGroupTwiceAnswers660600011() throws Exception {
        client.post("UserRegister", register("owner"));
        client.post("CreateGroup", obj("GroupId", "team", "GroupOwner", "owner"));

        assertThat(client.post("CreateGroup", obj("GroupId", "team", "GroupOwner", "owner")).code())
                .isEqualTo(660_600_011L);
    }

    @Test
    void theOwnerMustBeRegistered() throws Exception {
        assertThat(client.post("CreateGroup", obj("GroupId", "team", "GroupOwner", "ghost")).code())
                .isEqualTo(660_600_013L);
        assertThat(emulator.groups()).isEmpty();
    }

    @Test
    void unregisteredMembersAreReportedButTheGroupIsCreated() throws Exception {
        client.post("UserRegister", register("owner", "member"));

        var reply = client.post("CreateGroup",
                obj("GroupId", "team", "GroupOwner", "owner", "UserId", List.of("member", "ghost", "owner")));

        assertThat(reply.code()).isZero();
        assertThat(reply.json().path("GroupId").asText()).isEqualTo("team");
        assertThat(reply.json().path("Members").findValuesAsText("UserId")).containsExactly("owner", "member");
        assertThat(reply.json().path("ErrorUsers").findValuesAsText("UserId")).containsExactly("ghost");
        assertThat(reply.json().path("ErrorUsers").get(0).path("SubCode").asLong()).isEqualTo(660_700_015L);
    }

    @Test
    void createGroupTimeMayBeBackDatedButNotInTheFuture() throws Exception {
        client.post("UserRegister", register("owner"));

        assertThat(client.post("CreateGroup", obj("GroupId", "later", "GroupOwner", "owner",
                "CreateGroupTime", fixture.now() + 1)).code()).isEqualTo(660_800_046L);
        assertThat(client.post("CreateGroup", obj("GroupId", "old", "GroupOwner", "owner",
                "CreateGroupTime", fixture.now() - 20 * Fixture.DAY)).code()).isZero();
        assertThat(emulator.groups()).containsExactly("old");
    }

    @Test
    void withoutAGroupIdTheServerNamesTheGroupWithAHash() throws Exception {
        client.post("UserRegister", register("owner"));

        var reply = client.post("CreateGroup", obj("GroupOwner", "owner"));

        assertThat(reply.code()).isZero();
        assertThat(reply.json().path("GroupId").asText()).startsWith("#");
        assertThat(emulator.groups()).containsExactly(reply.json().path("GroupId").asText());
    }

    @Test
    void tooManyMembersAtCreation() throws Exception {
        client.post("UserRegister", register("owner"));
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            members.add("m" + i);
        }

        assertThat(client.post("CreateGroup", obj("GroupId", "big", "GroupOwner", "owner", "UserId", members)).code())
                .isEqualTo(660_600_016L);
    }

    @Test
    void directProvisioningIsTheSameAsTheApiCalls() throws Exception {
        emulator.provisionUsers(List.of("a", "b"));
        emulator.provisionGroup("g", List.of("a"));

        assertThat(client.post("ImportGroupMsg", groupText("a", "g", "hi")).code()).isZero();
        assertThat(client.post("ImportPeerMsg", peerText("a", "b", "b", "hi")).code()).isZero();
    }
}

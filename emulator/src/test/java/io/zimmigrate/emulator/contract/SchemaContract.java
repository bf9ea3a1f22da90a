package io.zimmigrate.emulator.contract;

import static io.zimmigrate.emulator.contract.GatewayCalls.users;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zimmigrate.core.gateway.ZimProtocolGateway;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.wire.CreateGroupRequest;
import io.zimmigrate.core.wire.ImportGroupMsgRequest;
import io.zimmigrate.core.wire.ImportPeerMsgRequest;
import io.zimmigrate.core.wire.QueryGroupMsgRequest;
import io.zimmigrate.core.wire.QueryPeerMsgRequest;
import io.zimmigrate.core.wire.UserRegisterRequest;
import io.zimmigrate.core.wire.UserRegisterRequest.UserInfo;
import io.zimmigrate.core.wire.WireBody;
import io.zimmigrate.core.wire.ZimJson;
import io.zimmigrate.emulator.ZimEmulator;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The official schemas: every body the gateway sends fits them, and the checker catches what it must. */
public interface SchemaContract extends GatewayFixture {
    @Test
    default void everyBodyTheGatewaySendsFitsTheOfficialSchemas() throws IOException {
        ZimEmulator zim = emulator();
        RecordingTap tap = closing(new RecordingTap(zim.baseUri()));
        // Eleven cold calls at once through a recording tap: on a loaded two-core box their first answers took over
        // READ_TIMEOUT (seen at load 38), and a timeout here says nothing about the bodies this test checks.
        ZimProtocolGateway zimGateway = gateway(tap.baseUri(), SECRET, clock(), 4, Duration.ofSeconds(15));
        long t = anHourAgo();
        List<CompletionStage<? extends Outcome<?>>> calls = List.of(
                zimGateway.registerUsers(users("u1", "u2")),
                zimGateway.registerUsers(new UserRegisterRequest(List.of(
                        new UserInfo("u3", null, null), new UserInfo("u4", "Four", "https://example.com/a.png")))),
                zimGateway.createGroup(new CreateGroupRequest("g1", "u1", "Group one", List.of("u2", "u3"), t - HOUR)),
                zimGateway.createGroup(new CreateGroupRequest(null, "u1", null, null, null)),
                zimGateway.inviteUsers(new ZimGateway.Invitation(GroupId.of("g1"), UserId.of("u1"),
                        List.of(UserId.of("u3"), UserId.of("u4")), t - HOUR)),
                zimGateway.importGroupMessage(groupText("u1", "g1", "text")),
                zimGateway.importGroupMessage(new ImportGroupMsgRequest("u1", "g1", 200, 3,
                        new WireBody("custom", "ext"), 0, "searchable", t)),
                zimGateway.importPeerMessage(peerText("u1", "u2", "u1", "peer")),
                zimGateway.importPeerMessage(new ImportPeerMsgRequest("u1", "u2", 200, 2,
                        new WireBody("custom", "ext"), 200, "s", t, "u2")),
                zimGateway.queryGroupMessages(new QueryGroupMsgRequest("g1", 100, 0, 1)),
                zimGateway.queryGroupMessages(new QueryGroupMsgRequest("g1", 1, 0, null)),
                zimGateway.queryPeerMessages(new QueryPeerMsgRequest("u1", "u2", 10, 0, 0)));
        calls.forEach(c -> assertThat(c.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join())
                .isInstanceOf(Outcome.Done.class));

        List<RecordingTap.Tapped> bodies = tap.tapped();
        assertThat(bodies).extracting(RecordingTap.Tapped::action).containsOnly("UserRegister", "CreateGroup",
                "InviteUsersIntoGroup", "ImportGroupMsg", "ImportPeerMsg", "QueryGroupMsg", "QueryPeerMsg").hasSize(calls.size());
        for (RecordingTap.Tapped sent : bodies) {
            assertThat(sent.contentType()).startsWith("application/json");
            JsonNode json = ZimJson.mapper().readTree(sent.body());
            assertThat(OfficialSchemas.violations(sent.action(), json)).as("%s %s", sent.action(), json).isEmpty();
        }
    }

    @Test
    default void theSchemaCheckerCatchesWhatItMust() throws IOException {
        JsonNode bad = ZimJson.mapper().readTree("{\"FromUserId\":\"u1\",\"GroupId\":null,\"MessageType\":\"1\","
                + "\"Priority\":4,\"MessageBody\":{\"Message\":\"x\",\"OfflinePush\":{}},\"Extra\":1}");
        assertThat(OfficialSchemas.violations("ImportGroupMsg", bad)).hasSize(5)
                .anyMatch(v -> v.contains("GroupId") && v.contains("null"))
                .anyMatch(v -> v.contains("MessageType") && v.contains("number"))
                .anyMatch(v -> v.contains("Priority"))
                .anyMatch(v -> v.contains("OfflinePush"))
                .anyMatch(v -> v.contains("Extra"));
        JsonNode missing = ZimJson.mapper().readTree("{\"FromUserId\":\"u1\",\"ToUserId\":\"u2\",\"MessageType\":1,"
                + "\"Priority\":1,\"MessageBody\":{\"Message\":\"x\"}}");
        assertThat(OfficialSchemas.violations("ImportPeerMsg", missing)).singleElement().asString().contains("ImportedUserId");
        JsonNode tooLong = ZimJson.mapper().readTree("{\"GroupId\":\"" + "g".repeat(33) + "\",\"Limit\":101}");
        assertThat(OfficialSchemas.violations("QueryGroupMsg", tooLong)).hasSize(2);
    }
}

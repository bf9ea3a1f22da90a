package io.zimmigrate.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ReadMessage;
import io.zimmigrate.core.port.UserRefused;
import io.zimmigrate.core.port.ZimGateway.GroupCreation;
import io.zimmigrate.core.port.ZimGateway.ImportReceipt;
import io.zimmigrate.core.port.ZimGateway.Invitation;
import io.zimmigrate.core.port.ZimGateway.Invited;
import io.zimmigrate.core.port.ZimGateway.MessagePage;
import io.zimmigrate.core.port.ZimGateway.Registration;
import io.zimmigrate.core.signing.NonceSource;
import io.zimmigrate.core.signing.RequestSigner;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.core.signing.Signature;
import io.zimmigrate.core.wire.CreateGroupRequest;
import io.zimmigrate.core.wire.ImportGroupMsgRequest;
import io.zimmigrate.core.wire.ImportPeerMsgRequest;
import io.zimmigrate.core.wire.QueryGroupMsgRequest;
import io.zimmigrate.core.wire.UserRegisterRequest;
import io.zimmigrate.core.wire.WireBody;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ZimProtocolGatewayTest {
    static final ServerSecret SECRET = ServerSecret.of("9193cc662a4c0ec135ec71fb57194b38");
    static final long APP_ID = 12345;

    /** A clock the test moves; signing reads it on every attempt. */
    static final class StepClock extends Clock {
        final AtomicLong millis = new AtomicLong(1_615_186_943_000L);
        final long stepMillis;

        StepClock(long stepMillis) {
            this.stepMillis = stepMillis;
        }

        @Override
        public long millis() {
            return millis.getAndAdd(stepMillis);
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    final ScriptedTransport transport = new ScriptedTransport();
    final AtomicLong nonceCounter = new AtomicLong();
    final ZimProtocolGateway gateway = new ZimProtocolGateway(
            new RequestSigner(APP_ID, SECRET, new StepClock(1500),
                    NonceSource.from(bytes -> java.nio.ByteBuffer.wrap(bytes).putLong(nonceCounter.incrementAndGet()))),
            transport);

    static ImportGroupMsgRequest groupImport() {
        return new ImportGroupMsgRequest("u1", "g1", 1, 2, new WireBody("hello", null), null, null, 1_615_000_000_000L);
    }

    static ImportPeerMsgRequest peerImport() {
        return new ImportPeerMsgRequest("u1", "u2", 1, 2, new WireBody("hi", "x"), null, null, 1L, "u2");
    }

    static <T> Outcome<T> await(CompletionStage<Outcome<T>> stage) {
        return stage.toCompletableFuture().join();
    }

    @Test
    void importDoneCarriesTheReceiptAndSendsTheEncodedBodyOnce() {
        transport.answer(200, "{\"Code\":0,\"Message\":\"success\",\"RequestId\":\"1\",\"MsgSeq\":123,\"MsgId\":6654861479614}");
        Outcome<ImportReceipt> outcome = await(gateway.importPeerMessage(peerImport()));
        assertThat(outcome).isEqualTo(new Outcome.Done<>(new ImportReceipt(123, "6654861479614")));
        assertThat(transport.sent()).hasSize(1);
        assertThat(transport.sent().get(0).bodyText()).isEqualTo("{\"FromUserId\":\"u1\",\"ToUserId\":\"u2\","
                + "\"MessageType\":1,\"Priority\":2,\"MessageBody\":{\"Message\":\"hi\",\"ExtendedData\":\"x\"},"
                + "\"SendMessageTime\":1,\"ImportedUserId\":\"u2\"}");
        assertThat(transport.sent().get(0).query()).containsEntry("Action", "ImportPeerMsg")
                .containsEntry("AppId", "12345").containsEntry("SignatureVersion", "2.0");
    }

    @Test
    void invalidSignatureIsResignedOnceWithAFreshNonceAndTimestamp() {
        transport.answerCode(ZimCodes.SIGNATURE_INVALID).answer(200, "{\"Code\":0,\"MsgSeq\":7}");
        Outcome<ImportReceipt> outcome = await(gateway.importGroupMessage(groupImport()));
        assertThat(outcome).isEqualTo(new Outcome.Done<>(new ImportReceipt(7, null)));
        List<ScriptedTransport.Sent> sent = transport.sent();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).query().get("SignatureNonce")).isNotEqualTo(sent.get(1).query().get("SignatureNonce"));
        assertThat(sent.get(0).query().get("Timestamp")).isNotEqualTo(sent.get(1).query().get("Timestamp"));
        assertThat(sent.get(0).body()).isEqualTo(sent.get(1).body());
        sent.forEach(s -> assertThat(s.query().get("Signature")).isEqualTo(Signature.compute(APP_ID,
                s.query().get("SignatureNonce"), SECRET, Long.parseLong(s.query().get("Timestamp")))));
    }

    @Test
    void invalidSignatureTwiceIsFatalAfterExactlyTwoRequests() {
        transport.answerCode(ZimCodes.SIGNATURE_INVALID).answerCode(ZimCodes.SIGNATURE_INVALID);
        Outcome<ImportReceipt> outcome = await(gateway.importGroupMessage(groupImport()));
        assertThat(outcome).isInstanceOf(Outcome.Fatal.class);
        assertThat(((Outcome.Fatal<?>) outcome).code()).isEqualTo(ZimCodes.SIGNATURE_INVALID);
        assertThat(((Outcome.Fatal<?>) outcome).message()).contains("ServerSecret");
        assertThat(transport.sent()).hasSize(2);
    }

    @Test
    void noTwoAttemptsEverShareANonce() {
        for (int i = 0; i < 50; i++) {
            transport.answerCode(i % 2 == 0 ? ZimCodes.SIGNATURE_INVALID : 1);
            transport.answerCode(1);
        }
        for (int i = 0; i < 50; i++) {
            await(gateway.importGroupMessage(groupImport()));
        }
        Set<String> nonces = new HashSet<>();
        transport.sent().forEach(s -> assertThat(nonces.add(s.query().get("SignatureNonce"))).isTrue());
        assertThat(nonces).hasSizeGreaterThan(50);
    }

    /** Throttling is one fact the gateway states: ZimCodes' throttle column, and HTTP 429 from anything in between. */
    @Test
    void aThrottleIsSaidSoWhetherZimOrAProxySaysIt() {
        transport.answerCode(7).answerCode(660300005L).answerCode(1).answer(429, "Too Many Requests")
                .answer(503, "<html>busy</html>");
        assertThat(await(gateway.importGroupMessage(groupImport())))
                .isInstanceOfSatisfying(Outcome.RetryLater.class, r -> assertThat(r.throttled()).isTrue());
        assertThat(await(gateway.importGroupMessage(groupImport())))
                .isInstanceOfSatisfying(Outcome.RetryLater.class, r -> assertThat(r.throttled()).isTrue());
        assertThat(await(gateway.importGroupMessage(groupImport())))
                .isInstanceOfSatisfying(Outcome.RetryLater.class, r -> assertThat(r.throttled()).isFalse());
        assertThat(await(gateway.registerUsers(new UserRegisterRequest(List.of(
                new UserRegisterRequest.UserInfo("u1", "u1", null))))))
                .isInstanceOfSatisfying(Outcome.RetryLater.class, r -> {
                    assertThat(r.code()).isNull();
                    assertThat(r.throttled()).isTrue();
                });
        assertThat(await(gateway.registerUsers(new UserRegisterRequest(List.of(
                new UserRegisterRequest.UserInfo("u1", "u1", null))))))
                .isInstanceOfSatisfying(Outcome.RetryLater.class, r -> assertThat(r.throttled()).isFalse());
    }

    @Test
    void everyOutcomeTypeFromAnAnswer() {
        transport.answerCode(660600001).answerCode(7).answerCode(ZimCodes.SIGNATURE_EXPIRED)
                .answerCode(ZimCodes.SIGNATURE_EXPIRED).answerCode(100000017);
        assertThat(await(gateway.importGroupMessage(groupImport())))
                .isEqualTo(new Outcome.Rejected<>(660600001, "m660600001 [group does not exist (create it first)] (RequestId r1)"));
        assertThat(await(gateway.importGroupMessage(groupImport()))).isInstanceOf(Outcome.RetryLater.class)
                .extracting(o -> ((Outcome.RetryLater<?>) o).code()).isEqualTo(7L);
        // Expired, re-signed, expired again: the clock is off (ServerTroubleTest has the rest of that story).
        assertThat(await(gateway.importGroupMessage(groupImport()))).isInstanceOf(Outcome.RetryLater.class)
                .extracting(o -> ((Outcome.RetryLater<?>) o).code()).isEqualTo(ZimCodes.SIGNATURE_EXPIRED);
        assertThat(await(gateway.importGroupMessage(groupImport()))).isInstanceOf(Outcome.Fatal.class);
    }

    @Test
    void anyUnlistedCodeRejectsAnImportWithThatCode() {
        qt().withExamples(200).forAll(longs().all())
                .assuming(code -> !ZimCodes.table().containsKey(code))
                .check(code -> {
                    ScriptedTransport t = new ScriptedTransport().answerCode(code);
                    Outcome<ImportReceipt> o = await(new ZimProtocolGateway(
                            new RequestSigner(APP_ID, SECRET, Clock.systemUTC(), NonceSource.secure()), t)
                            .importGroupMessage(groupImport()));
                    return o instanceof Outcome.Rejected<ImportReceipt> r && r.code() == code;
                });
    }

    @Test
    void transportFailuresByPhaseAndCall() {
        transport.then(new TransportResult.NotSent("connection refused"))
                .then(new TransportResult.MaybeSent("read timed out"))
                .then(new TransportResult.MaybeSent("read timed out"))
                .then(new TransportResult.MaybeSent("connection reset"));
        assertThat(await(gateway.importGroupMessage(groupImport()))).isInstanceOf(Outcome.RetryLater.class);
        assertThat(await(gateway.importGroupMessage(groupImport()))).isInstanceOf(Outcome.Unknown.class);
        assertThat(await(gateway.importPeerMessage(peerImport()))).isInstanceOf(Outcome.Unknown.class);
        assertThat(await(gateway.queryGroupMessages(new QueryGroupMsgRequest("g1", 10, 0, null))))
                .isInstanceOf(Outcome.RetryLater.class);
        assertThat(transport.sent()).hasSize(4);
    }

    @Test
    void bareHttpStatusesWithoutAZimBody() {
        transport.answer(502, "<html>bad gateway</html>").answer(502, "").answer(429, "").answer(404, "not found")
                .answer(200, "{\"Code\":\"zero\"}").answer(503, "{\"Code\":1,\"Message\":\"busy\"}")
                .answer(302, "");
        assertThat(await(gateway.importGroupMessage(groupImport()))).isInstanceOf(Outcome.Unknown.class);
        assertThat(await(gateway.registerUsers(users("a")))).isInstanceOf(Outcome.RetryLater.class);
        assertThat(await(gateway.importGroupMessage(groupImport()))).isInstanceOf(Outcome.RetryLater.class);
        assertThat(await(gateway.importGroupMessage(groupImport()))).isInstanceOf(Outcome.Fatal.class);
        assertThat(await(gateway.importGroupMessage(groupImport()))).isInstanceOf(Outcome.Unknown.class);
        // A 5xx that carries a ZIM answer is classified by its code.
        assertThat(await(gateway.importGroupMessage(groupImport()))).isInstanceOf(Outcome.RetryLater.class);
        assertThat(await(gateway.importGroupMessage(groupImport())))
                .isInstanceOf(Outcome.Fatal.class)
                .extracting(o -> ((Outcome.Fatal<?>) o).message()).asString().contains("redirect");
    }

    @Test
    void aThrowingOrFailingTransportNeverFailsTheStage() {
        transport.thenStage(() -> CompletableFuture.failedFuture(new IllegalStateException("boom ?Signature=abc")))
                .thenStage(() -> {
                    throw new IllegalStateException("bug");
                });
        Outcome<ImportReceipt> failed = await(gateway.importGroupMessage(groupImport()));
        assertThat(failed).isInstanceOf(Outcome.Unknown.class);
        assertThat(((Outcome.Unknown<?>) failed).reason()).doesNotContain("abc").contains("boom");
        assertThat(await(gateway.createGroup(new CreateGroupRequest("g", "o", null, null, null))))
                .isInstanceOf(Outcome.RetryLater.class);
    }

    @Test
    void registrationCountsAlreadyRegisteredAsSuccess() {
        transport.answer(200, "{\"Code\":0,\"ErrorList\":[{\"UserId\":\"a\",\"SubCode\":660700002,\"SubMessage\":\"exists\"},"
                        + "{\"UserId\":\"b\",\"SubCode\":660000012,\"SubMessage\":\"too long\"}]}")
                .answer(200, "{\"Code\":660700002,\"ErrorList\":[{\"UserId\":\"a\",\"SubCode\":660700002}]}")
                .answer(200, "{\"Code\":660000002,\"ErrorList\":[{\"UserId\":\"a\",\"SubCode\":660000012}]}");
        Outcome<Registration> partial = await(gateway.registerUsers(users("a", "b")));
        assertThat(partial).isInstanceOf(Outcome.Done.class);
        assertThat(((Outcome.Done<Registration>) partial).value().refused())
                .containsExactly(new UserRefused(UserId.of("b"), 660000012L, "too long"));
        assertThat(await(gateway.registerUsers(users("a")))).isEqualTo(new Outcome.Done<>(new Registration(List.of())));
        assertThat(await(gateway.registerUsers(users("a")))).isInstanceOf(Outcome.Rejected.class);
    }

    @Test
    void createGroupThatExistsIsDone() {
        transport.answer(200, "{\"Code\":0,\"GroupId\":\"g\",\"ErrorUsers\":[{\"UserId\":\"a\",\"SubCode\":660700015}]}")
                .answerCode(ZimCodes.GROUP_ALREADY_EXISTS)
                .answerCode(ZimCodes.USER_ALREADY_REGISTERED);
        CreateGroupRequest request = new CreateGroupRequest("g", "o", "name", List.of("a"), 5L);
        assertThat(await(gateway.createGroup(request))).isEqualTo(new Outcome.Done<>(new GroupCreation(GroupId.of("g"),
                false, List.of(new UserRefused(UserId.of("a"), 660700015L, "")))));
        assertThat(await(gateway.createGroup(request))).isEqualTo(new Outcome.Done<>(new GroupCreation(GroupId.of("g"),
                true, List.of())));
        // "Already registered" means nothing to CreateGroup: not a success there.
        assertThat(await(gateway.createGroup(request))).isInstanceOf(Outcome.Rejected.class);
        assertThat(transport.sent().get(0).bodyText())
                .isEqualTo("{\"GroupId\":\"g\",\"GroupOwner\":\"o\",\"GroupName\":\"name\",\"UserId\":[\"a\"],\"CreateGroupTime\":5}");
    }

    @Test
    void invitationsNameEveryUserInBothListsAndReadRefusedUsers() {
        transport.answer(200, "{\"Code\":0,\"ErrorUsers\":[{\"UserId\":\"b\",\"SubCode\":660700015}]}")
                .answer(200, "{\"Code\":0}")
                .answerCode(660300006L)
                .answerCode(660600001L);
        Invitation invitation = new Invitation(GroupId.of("g"), UserId.of("o"), List.of(UserId.of("a"), UserId.of("b")),
                5L);
        assertThat(await(gateway.inviteUsers(invitation)))
                .isEqualTo(new Outcome.Done<>(new Invited(List.of(new UserRefused(UserId.of("b"), 660700015L, "")))));
        assertThat(await(gateway.inviteUsers(invitation))).isEqualTo(new Outcome.Done<>(new Invited(List.of())));
        Outcome<Invited> groupLimit = await(gateway.inviteUsers(invitation));
        assertThat(groupLimit).isInstanceOf(Outcome.RetryLater.class);
        assertThat(((Outcome.RetryLater<Invited>) groupLimit).throttled()).as("the group-level limit").isTrue();
        assertThat(await(gateway.inviteUsers(invitation))).isInstanceOf(Outcome.Rejected.class);
        assertThat(transport.sent().get(0).action()).isEqualTo("InviteUsersIntoGroup");
        assertThat(transport.sent().get(0).bodyText()).isEqualTo("{\"FromUserId\":\"o\",\"GroupId\":\"g\","
                + "\"UserIds\":[\"a\",\"b\"],\"GroupMemberInfos\":[{\"UserId\":\"a\",\"EnterGroupTime\":5,"
                + "\"IsInvite\":0},{\"UserId\":\"b\",\"EnterGroupTime\":5,\"IsInvite\":0}]}");
    }

    @Test
    void anInvitationTakesOneToAHundredUsers() {
        List<UserId> hundredAndOne = java.util.stream.IntStream.range(0, 101).mapToObj(i -> UserId.of("u" + i)).toList();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Invitation(GroupId.of("g"), UserId.of("o"),
                hundredAndOne, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 100");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Invitation(GroupId.of("g"), UserId.of("o"),
                List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void queryPagesAreRead() {
        transport.answer(200, "{\"Code\":0,\"Next\":9,\"List\":[{\"Sender\":\"u1\",\"MsgType\":1,\"MsgBody\":\"hi\","
                + "\"MsgId\":971503777289036700,\"MsgSeq\":2,\"MsgTime\":1705895412000,\"IsEmpty\":0},"
                + "{\"Sender\":\"u2\",\"MsgType\":12,\"MsgId\":5,\"MsgSeq\":1,\"MsgTime\":1705895411000,\"IsEmpty\":1}]}");
        Outcome<MessagePage> page = await(gateway.queryGroupMessages(new QueryGroupMsgRequest("g1", 100, 0, null)));
        assertThat(page).isInstanceOf(Outcome.Done.class);
        MessagePage p = ((Outcome.Done<MessagePage>) page).value();
        assertThat(p.next()).isEqualTo(9);
        // Read into the port's domain record: ZIM's field names stop at the protocol.
        assertThat(p.messages()).containsExactly(
                new ReadMessage(UserId.of("u1"), 1, null, "hi", 2, 971503777289036700L, 1705895412000L, false),
                new ReadMessage(UserId.of("u2"), 12, null, "", 1, 5, 1705895411000L, true));
        assertThat(p.messages().get(1).isMedia()).isTrue();
        assertThat(transport.sent().get(0).bodyText()).isEqualTo("{\"GroupId\":\"g1\",\"Limit\":100,\"Next\":0}");
    }

    @Test
    void outcomesNeverCarryTheSignature() {
        transport.then(new TransportResult.MaybeSent("HttpTimeoutException on http://h/?Signature=0123456789abcdef&x"))
                .answer(200, "{\"Code\":2,\"Message\":\"bad Signature=0123456789abcdef\"}");
        assertThat(await(gateway.importGroupMessage(groupImport())).toString()).doesNotContain("0123456789abcdef");
        assertThat(await(gateway.importGroupMessage(groupImport())).toString()).doesNotContain("0123456789abcdef");
        assertThat(gateway.toString()).doesNotContain("9193cc662a4c0ec135ec71fb57194b38");
    }

    static UserRegisterRequest users(String... ids) {
        return new UserRegisterRequest(java.util.Arrays.stream(ids)
                .map(id -> new UserRegisterRequest.UserInfo(id, null, null)).toList());
    }
}

package io.zimmigrate.emulator;

import static io.zimmigrate.emulator.Fixture.DAY;
import static io.zimmigrate.emulator.Fixture.groupText;
import static io.zimmigrate.emulator.Fixture.peerText;
import static io.zimmigrate.emulator.ZimTestClient.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The documented field rules, each broken alone, against one emulator (defaults: 30 days, 2 KB, no spaces). */
class FieldRulesTest {
    private static final long PARAM = 660_000_002L;
    private static final long SIZE = 660_400_001L;
    private static final long FUTURE = 660_800_046L;

    private static final Fixture fixture = new Fixture();
    private static ZimEmulator emulator;
    private static ZimTestClient client;

    @BeforeAll
    static void start() {
        emulator = fixture.start(b -> b.qps(0));
        client = fixture.client(emulator);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static Arguments rule(String name, long code, Consumer<Map<String, Object>> change) {
        return Arguments.of(name, code, change);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Map<String, Object> m) {
        return (Map<String, Object>) m.get("MessageBody");
    }

    private static String image(String originJson) {
        return "{\"Uid\":\"1\",\"FileName\":\"a.jpg\",\"Size\":1024" + originJson + "}";
    }

    static Stream<Arguments> brokenGroupMessages() {
        long now = Fixture.START.toEpochMilli();
        return Stream.of(
                rule("FromUserId absent", PARAM, m -> m.remove("FromUserId")),
                rule("GroupId absent", PARAM, m -> m.remove("GroupId")),
                rule("MessageType absent", PARAM, m -> m.remove("MessageType")),
                rule("MessageType as text", PARAM, m -> m.put("MessageType", "1")),
                rule("MessageType 2 (signaling)", PARAM, m -> m.put("MessageType", 2)),
                rule("MessageType 3 (unknown)", PARAM, m -> m.put("MessageType", 3)),
                rule("MessageType 20 (barrage)", PARAM, m -> m.put("MessageType", 20)),
                rule("Priority absent", PARAM, m -> m.remove("Priority")),
                rule("Priority 0", PARAM, m -> m.put("Priority", 0)),
                rule("Priority 4", PARAM, m -> m.put("Priority", 4)),
                rule("MessageBody absent", PARAM, m -> m.remove("MessageBody")),
                rule("Message empty", PARAM, m -> body(m).put("Message", "")),
                rule("Message 2049 bytes", SIZE, m -> body(m).put("Message", "x".repeat(2049))),
                rule("Message 683 euro signs (2049 bytes)", SIZE, m -> body(m).put("Message", "€".repeat(683))),
                rule("ExtendedData 1025 bytes", SIZE, m -> body(m).put("ExtendedData", "e".repeat(1025))),
                rule("custom without SubMsgType", PARAM, m -> m.put("MessageType", 200)),
                rule("SubMsgType 201", PARAM, m -> { m.put("MessageType", 200); m.put("SubMsgType", 201); }),
                rule("SearchedContent 65 bytes", PARAM, m -> {
                    m.put("MessageType", 200);
                    m.put("SubMsgType", 1);
                    m.put("SearchedContent", "s".repeat(65));
                }),
                rule("SendMessageTime 1 ms in the future", FUTURE, m -> m.put("SendMessageTime", now + 1)),
                rule("SendMessageTime older than 30 days", PARAM, m -> m.put("SendMessageTime", now - 30 * DAY - 1)),
                rule("SendMessageTime negative", PARAM, m -> m.put("SendMessageTime", -5)),
                rule("FromUserId of 33 bytes", PARAM, m -> m.put("FromUserId", "u".repeat(33))),
                rule("FromUserId with a space", PARAM, m -> m.put("FromUserId", "an ne")),
                rule("FromUserId with a non-ASCII letter", PARAM, m -> m.put("FromUserId", "jörg")),
                rule("GroupId starting with #", PARAM, m -> m.put("GroupId", "#42")),
                rule("image without Origin", PARAM, m -> {
                    m.put("MessageType", 11);
                    body(m).put("Message", image(""));
                }),
                rule("image Message not JSON", PARAM, m -> {
                    m.put("MessageType", 11);
                    body(m).put("Message", "a picture");
                }),
                rule("file URL over 500 bytes", PARAM, m -> {
                    m.put("MessageType", 12);
                    body(m).put("Message", "{\"Uid\":\"1\",\"FileName\":\"a.pdf\",\"Url\":\"https://x/" + "p".repeat(500) + "\"}");
                }));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("brokenGroupMessages")
    void aBrokenRuleIsRefusedWithItsCodeAndNothingIsStored(String name, long code, Consumer<Map<String, Object>> change)
            throws Exception {
        Map<String, Object> body = groupText("u1", "rules", "hello");
        change.accept(body);

        var reply = client.post("ImportGroupMsg", body);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.code()).as(reply.toString()).isEqualTo(code);
        assertThat(emulator.timeline("g:rules")).isEmpty();
    }

    @AfterEach
    void nothingElseWasStoredEither() {
        assertThat(emulator.timelineKeys()).allMatch(k -> k.startsWith("g:ok-"));
    }

    static Stream<Arguments> validEdges() {
        long now = Fixture.START.toEpochMilli();
        return Stream.of(
                rule("Message of exactly 2048 bytes", 0, m -> body(m).put("Message", "x".repeat(2048))),
                rule("SearchedContent of exactly 64 bytes", 0, m -> {
                    m.put("MessageType", 200);
                    m.put("SubMsgType", 0);
                    m.put("SearchedContent", "s".repeat(64));
                }),
                // ZEGO's own ImportGroupMsg sample: a text message with SubMsgType 200 and SearchedContent (issue #12, item 9).
                rule("SubMsgType and SearchedContent on text", 0, m -> {
                    m.put("SubMsgType", 200);
                    m.put("SearchedContent", "ex");
                }),
                rule("SendMessageTime exactly 30 days ago", 0, m -> m.put("SendMessageTime", now - 30 * DAY)),
                rule("SendMessageTime now", 0, m -> m.put("SendMessageTime", now)),
                rule("FromUserId of 32 bytes and punctuation", 0, m -> m.put("FromUserId", "!#$%&()+-:;<=.>?@[]^_{}|~" + "abcdefg")),
                rule("image", 0, m -> {
                    m.put("MessageType", 11);
                    body(m).put("Message", image(",\"Origin\":{\"Url\":\"https://x/a.jpg\",\"Width\":10,\"Height\":20}"));
                }),
                rule("multi-item", 0, m -> {
                    m.put("MessageType", 10);
                    body(m).put("Message", "{\"MultiMsg\":[{\"MsgType\":1,\"Msg\":\"hi\"}]}");
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validEdges")
    void valuesAtTheEdgeOfARuleAreAccepted(String name, long code, Consumer<Map<String, Object>> change)
            throws Exception {
        String group = "ok-" + Math.abs(name.hashCode());
        Map<String, Object> body = groupText("u1", group, "hello");
        change.accept(body);

        var reply = client.post("ImportGroupMsg", body);

        assertThat(reply.code()).as(reply.toString()).isEqualTo(code);
        assertThat(emulator.timeline("g:" + group)).hasSize(1);
    }

    @Test
    void aBodyThatIsNotJsonIsAParameterError() throws Exception {
        assertThat(client.post("ImportGroupMsg", "{\"FromUserId\": ").code()).isEqualTo(PARAM);
    }

    @Test
    void theRefusalNamesTheFieldAndTheRule() throws Exception {
        Map<String, Object> body = groupText("u1", "rules", "hello");
        body.put("Priority", 9);

        String message = client.post("ImportGroupMsg", body).json().path("Message").asText();

        assertThat(message).contains("Priority").contains("priority.range");
    }

    @Test
    void aPeerMessageToOneselfIsRefused() throws Exception {
        assertThat(client.post("ImportPeerMsg", peerText("alice", "alice", "alice", "me")).code()).isEqualTo(PARAM);
    }

    @Test
    void spacesInIdsAreAcceptedOnlyWhenConfigured() throws Exception {
        ZimEmulator spacious = fixture.start(b -> b.qps(0).allowSpaceInIds(true));

        var reply = fixture.client(spacious).post("ImportGroupMsg", groupText("an ne", "my group", "hi"));

        assertThat(reply.code()).isZero();
        assertThat(spacious.timeline("g:my group")).hasSize(1);
    }

    @Test
    void theMessageSizeLimitAndRetentionFollowTheConfig() throws Exception {
        ZimEmulator custom = fixture.start(b -> b.qps(0).maxMessageBytes(4096).retentionDays(7));
        ZimTestClient c = fixture.client(custom);
        Map<String, Object> big = groupText("u1", "g", "x".repeat(3000));
        Map<String, Object> tooBig = groupText("u1", "g", "x".repeat(4097));
        Map<String, Object> eightDaysOld = groupText("u1", "g", "old");
        eightDaysOld.put("SendMessageTime", fixture.now() - 8 * DAY);

        assertThat(c.post("ImportGroupMsg", big).code()).isZero();
        assertThat(c.post("ImportGroupMsg", tooBig).code()).isEqualTo(SIZE);
        assertThat(c.post("ImportGroupMsg", eightDaysOld).code()).isEqualTo(PARAM);
        assertThat(custom.timeline("g:g")).hasSize(1);
    }

    @Test
    void multiItemCanBeTurnedOff() throws Exception {
        ZimEmulator strict = fixture.start(b -> b.qps(0).allowMultiItem(false));
        Map<String, Object> body = groupText("u1", "g", "x");
        body.put("MessageType", 10);
        body(body).put("Message", "{\"MultiMsg\":[{\"MsgType\":1,\"Msg\":\"hi\"}]}");

        assertThat(fixture.client(strict).post("ImportGroupMsg", body).code()).isEqualTo(PARAM);
    }

    @Test
    void offlinePushAndHasReceiptAreIgnored() throws Exception {
        Map<String, Object> body = groupText("u1", "ok-push", "x");
        body(body).put("OfflinePush", obj("Title", "t"));
        body(body).put("HasReceipt", 1);

        assertThat(client.post("ImportGroupMsg", body).code()).isZero();
    }
}

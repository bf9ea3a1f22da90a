package io.zimmigrate.emulator;

import static io.zimmigrate.emulator.Fixture.groupText;
import static io.zimmigrate.emulator.Fixture.peerText;
import static io.zimmigrate.emulator.ZimTestClient.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueryTest {
    private final Fixture fixture = new Fixture();
    private ZimEmulator emulator;
    private ZimTestClient client;

    @BeforeEach
    void start() throws Exception {
        emulator = fixture.start(b -> b.qps(0));
        client = fixture.client(emulator);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void importGroup(String group, int count) throws Exception {
        for (int i = 1; i <= count; i++) {
            Map<String, Object> body = groupText("u" + i, group, "m" + i);
            body.put("SendMessageTime", fixture.now() - 100_000 + i);
            assertThat(client.post("ImportGroupMsg", body).code()).isZero();
        }
    }

    private static List<Long> seqs(JsonNode reply) {
        List<Long> out = new ArrayList<>();
        reply.path("List").forEach(item -> out.add(item.path("MsgSeq").asLong()));
        return out;
    }

    private static List<Long> range(long from, long downTo) {
        List<Long> out = new ArrayList<>();
        for (long s = from; s >= downTo; s--) {
            out.add(s);
        }
        return out;
    }

    @Test
    void pagesGoNewestFirstUntilNextIsZero() throws Exception {
        importGroup("team", 25);

        JsonNode first = client.post("QueryGroupMsg", obj("GroupId", "team", "Limit", 10, "Next", 0)).json();
        JsonNode second = client.post("QueryGroupMsg",
                obj("GroupId", "team", "Limit", 10, "Next", first.path("Next").asLong())).json();
        JsonNode third = client.post("QueryGroupMsg",
                obj("GroupId", "team", "Limit", 10, "Next", second.path("Next").asLong())).json();

        assertThat(seqs(first)).isEqualTo(range(25, 16));
        assertThat(first.path("Next").asLong()).isNotZero();
        assertThat(seqs(second)).isEqualTo(range(15, 6));
        assertThat(second.path("Next").asLong()).isNotZero();
        assertThat(seqs(third)).isEqualTo(range(5, 1));
        assertThat(third.path("Next").asLong()).isZero();
    }

    @Test
    void limitIsCorrectedLikeZimDoes() throws Exception {
        importGroup("team", 25);

        assertThat(seqs(client.post("QueryGroupMsg", obj("GroupId", "team", "Limit", 0)).json())).hasSize(10);
        assertThat(seqs(client.post("QueryGroupMsg", obj("GroupId", "team", "Limit", -3)).json())).hasSize(10);
        assertThat(seqs(client.post("QueryGroupMsg", obj("GroupId", "team")).json())).hasSize(10);
        JsonNode all = client.post("QueryGroupMsg", obj("GroupId", "team", "Limit", 500)).json();
        assertThat(seqs(all)).isEqualTo(range(25, 1));
        assertThat(all.path("Next").asLong()).isZero();
    }

    @Test
    void aPageExactlyTheSizeOfTheTimelineEndsIt() throws Exception {
        importGroup("team", 10);

        JsonNode page = client.post("QueryGroupMsg", obj("GroupId", "team", "Limit", 10)).json();

        assertThat(seqs(page)).hasSize(10);
        assertThat(page.path("Next").asLong()).isZero();
    }

    @Test
    void itemsCarryTheDocumentedFields() throws Exception {
        Map<String, Object> body = groupText("alice", "team", "hello");
        @SuppressWarnings("unchecked")
        Map<String, Object> messageBody = (Map<String, Object>) body.get("MessageBody");
        messageBody.put("ExtendedData", "extra");
        body.put("SendMessageTime", fixture.now() - 5000);
        client.post("ImportGroupMsg", body);

        JsonNode reply = client.post("QueryGroupMsg", obj("GroupId", "team")).json();
        JsonNode item = reply.path("List").get(0);

        assertThat(reply.path("Code").asLong()).isZero();
        assertThat(item.path("Sender").asText()).isEqualTo("alice");
        assertThat(item.path("MsgType").asInt()).isEqualTo(1);
        assertThat(item.path("MsgBody").asText()).isEqualTo("hello");
        assertThat(item.path("MsgId").isIntegralNumber()).isTrue();
        assertThat(item.path("MsgId").asText()).isEqualTo(emulator.timeline("g:team").get(0).msgId());
        assertThat(item.path("MsgSeq").asLong()).isEqualTo(1);
        assertThat(item.path("Payload").asText()).isEqualTo("extra");
        assertThat(item.path("MsgTime").asLong()).isEqualTo(fixture.now() - 5000);
        assertThat(item.path("IsEmpty").asInt()).isZero();
    }

    @Test
    void mediaBodiesComeBackAsUrlEncodedSnakeCaseJson() throws Exception {
        Map<String, Object> image = groupText("alice", "team", "{\"Uid\":\"u-1\",\"FileName\":\"holiday photo.jpg\","
                + "\"Size\":1024,\"Origin\":{\"Url\":\"https://cdn.example/a.jpg?x=1&y=2\",\"Width\":800,\"Height\":600},"
                + "\"Thumbnail\":{\"Url\":\"https://cdn.example/t.jpg\",\"Width\":80,\"Height\":60}}");
        image.put("MessageType", 11);
        Map<String, Object> audio = groupText("alice", "team",
                "{\"Uid\":\"u-2\",\"FileName\":\"v.mp3\",\"Url\":\"https://cdn.example/v.mp3\",\"MediaDuration\":12}");
        audio.put("MessageType", 13);
        assertThat(client.post("ImportGroupMsg", image).code()).isZero();
        assertThat(client.post("ImportGroupMsg", audio).code()).isZero();

        JsonNode list = client.post("QueryGroupMsg", obj("GroupId", "team")).json().path("List");
        JsonNode audioBody = decode(list.get(0).path("MsgBody").asText());
        JsonNode imageBody = decode(list.get(1).path("MsgBody").asText());

        assertThat(list.get(1).path("MsgBody").asText()).doesNotContain("{", " ");
        assertThat(imageBody.path("download_url").asText()).isEqualTo("https://cdn.example/a.jpg?x=1&y=2");
        assertThat(imageBody.path("file_name").asText()).isEqualTo("holiday photo.jpg");
        assertThat(imageBody.path("file_size").isTextual()).isTrue();
        assertThat(imageBody.path("file_size").asText()).isEqualTo("1024");
        assertThat(imageBody.path("origin_image_width").asInt()).isEqualTo(800);
        assertThat(imageBody.path("thumbnail_download_url").asText()).isEqualTo("https://cdn.example/t.jpg");
        assertThat(audioBody.path("download_url").asText()).isEqualTo("https://cdn.example/v.mp3");
        assertThat(audioBody.path("media_duration").asText()).isEqualTo("12");
    }

    @Test
    void withAsSentReadBackEveryBodyComesBackExactlyAsImported() throws Exception {
        ZimEmulator asSent = fixture.start(b -> b.qps(0).mediaReadBack(MediaReadBack.AS_SENT));
        ZimTestClient c = fixture.client(asSent);
        List<String> sent = List.of(
                "{\"Uid\":\"u-1\",\"FileName\":\"holiday photo.jpg\",\"Size\":1024,"
                        + "\"Origin\":{\"Url\":\"https://cdn.example/a.jpg?x=1&y=2\",\"Width\":800,\"Height\":600}}",
                "{\"Uid\":\"u-2\",\"Url\":\"https://cdn.example/r.pdf\",\"FileName\":\"report.pdf\"}",
                "{\"Uid\":\"u-3\",\"FileName\":\"v.mp3\",\"Url\":\"https://cdn.example/v.mp3\",\"MediaDuration\":12}",
                "{\"Uid\":\"u-4\",\"FileName\":\"c.mp4\",\"Url\":\"https://cdn.example/c.mp4\","
                        + "\"Thumbnail\":{\"Url\":\"https://cdn.example/c.jpg\",\"Width\":8,\"Height\":6}}",
                "{\"MultiMsg\":[{\"MsgType\":1,\"Msg\":\"see this\"}]}",
                "plain text, 100% as sent");
        int[] types = {11, 12, 13, 14, 10, 1};
        for (int i = 0; i < types.length; i++) {
            Map<String, Object> body = groupText("alice", "team", sent.get(i));
            body.put("MessageType", types[i]);
            assertThat(c.post("ImportGroupMsg", body).code()).as("import of type %d", types[i]).isZero();
        }

        JsonNode list = c.post("QueryGroupMsg", obj("GroupId", "team")).json().path("List");
        List<String> readBack = new ArrayList<>();
        list.forEach(item -> readBack.add(0, item.path("MsgBody").asText()));

        assertThat(readBack).isEqualTo(sent);
        assertThat(emulator.config().mediaReadBack()).as("the default stays documented").isEqualTo(MediaReadBack.DOCUMENTED);
    }

    @Test
    void readBackFormsAreNamedAsOnTheCommandLine() {
        assertThat(MediaReadBack.ofOptionName("as-sent")).isEqualTo(MediaReadBack.AS_SENT);
        assertThat(MediaReadBack.ofOptionName("documented")).isEqualTo(MediaReadBack.DOCUMENTED);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MediaReadBack.ofOptionName("raw"))
                .hasMessage("the media read-back form must be one of documented, as-sent, not 'raw'");
    }

    private static JsonNode decode(String msgBody) throws Exception {
        return new ObjectMapper().readTree(URLDecoder.decode(msgBody, StandardCharsets.UTF_8));
    }

    @Test
    void aPeerQueryReadsFromUserIdsOwnView() throws Exception {
        client.post("ImportPeerMsg", peerText("alice", "bob", "alice", "only alice kept this"));
        client.post("ImportPeerMsg", peerText("bob", "alice", "bob", "only bob kept this"));

        JsonNode alice = client.post("QueryPeerMsg", obj("FromUserId", "alice", "ToUserId", "bob")).json();
        JsonNode bob = client.post("QueryPeerMsg", obj("FromUserId", "bob", "ToUserId", "alice")).json();

        assertThat(alice.path("List").findValuesAsText("MsgBody")).containsExactly("only alice kept this");
        assertThat(bob.path("List").findValuesAsText("MsgBody")).containsExactly("only bob kept this");
    }

    @Test
    void anEmptyTimelineIsAnEmptyListWithNextZero() throws Exception {
        JsonNode reply = client.post("QueryGroupMsg", obj("GroupId", "nothing-here")).json();

        assertThat(reply.path("Code").asLong()).isZero();
        assertThat(reply.path("List")).isEmpty();
        assertThat(reply.path("Next").asLong()).isZero();
    }

    @Test
    void whenProvisioningIsRequiredAnUnknownGroupOrUserIsAnError() throws Exception {
        ZimEmulator strict = fixture.start(b -> b.qps(0).requireProvisioned(true));
        ZimTestClient c = fixture.client(strict);

        assertThat(c.post("QueryGroupMsg", obj("GroupId", "nope")).code()).isEqualTo(660_600_001L);
        assertThat(c.post("QueryPeerMsg", obj("FromUserId", "a", "ToUserId", "b")).code()).isEqualTo(660_500_002L);
    }

    @Test
    void aMissingGroupIdIsAParameterError() throws Exception {
        assertThat(client.post("QueryGroupMsg", obj("Limit", 10)).code()).isEqualTo(660_000_002L);
    }
}

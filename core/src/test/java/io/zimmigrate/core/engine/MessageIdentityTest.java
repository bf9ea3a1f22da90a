package io.zimmigrate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.model.Conversation;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.MessageBody;
import io.zimmigrate.core.model.MessageType;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.ReadMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageIdentityTest {
    private static final String IMAGE = "{\"Uid\":\"u-7\",\"Origin\":{\"Url\":\"https://h/a b.png\",\"Width\":1,\"Height\":2},"
            + "\"FileName\":\"a b.png\",\"Size\":10}";
    private static final String FILE = "{\"Uid\":\"u-8\",\"Url\":\"https://h/doc\",\"FileName\":\"doc.pdf\"}";

    private static Message sent(MessageType type, String body) {
        return new Message("m-1", 0, Locator.line("f", 1), UserId.of("alice"), new Conversation.Group(GroupId.of("g")),
                1, type, 1, MessageBody.of(body), null, null, null);
    }

    private static ReadMessage read(String sender, int type, String body) {
        return new ReadMessage(UserId.of(sender), type, null, body, 1, 1, 0, false);
    }

    private static String documented(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    @Test
    void anImageIsOursInTheDocumentedFormAndAsSent() {
        Message m = sent(MessageType.IMAGE, IMAGE);
        assertThat(MessageIdentity.match(m, read("alice", 11,
                documented("{\"file_name\":\"a b.png\",\"download_url\":\"https://h/a b.png\",\"file_size\":\"10\"}"))))
                .isEqualTo(MessageIdentity.Match.OURS);
        assertThat(MessageIdentity.match(m, read("alice", 11,
                documented("{\"file_name\":\"a b.png\",\"origin_image_download_url\":\"https://h/a b.png\"}"))))
                .isEqualTo(MessageIdentity.Match.OURS);
        assertThat(MessageIdentity.match(m, read("alice", 11, IMAGE))).isEqualTo(MessageIdentity.Match.OURS);
        assertThat(MessageIdentity.match(m, read("alice", 11, documented(IMAGE)))).isEqualTo(MessageIdentity.Match.OURS);
    }

    @Test
    void theCallersUidDecidesWhereTheReadBackCarriesIt() {
        Message m = sent(MessageType.FILE, FILE);
        assertThat(MessageIdentity.match(m, read("alice", 12, FILE.replace("u-8", "u-9"))))
                .isEqualTo(MessageIdentity.Match.NOT_OURS);
        assertThat(MessageIdentity.match(m, read("alice", 12, FILE))).isEqualTo(MessageIdentity.Match.OURS);
    }

    @Test
    void anotherFileSenderOrTypeIsNotOurs() {
        Message m = sent(MessageType.FILE, FILE);
        assertThat(MessageIdentity.match(m, read("alice", 12,
                documented("{\"file_name\":\"other.pdf\",\"download_url\":\"https://h/doc\"}"))))
                .isEqualTo(MessageIdentity.Match.NOT_OURS);
        assertThat(MessageIdentity.match(m, read("bob", 12, FILE))).isEqualTo(MessageIdentity.Match.NOT_OURS);
        assertThat(MessageIdentity.match(m, read("alice", 11, FILE))).isEqualTo(MessageIdentity.Match.NOT_OURS);
    }

    @Test
    void aMediaBodyNeitherFormExplainsCannotBeDecided() {
        Message m = sent(MessageType.FILE, FILE);
        assertThat(MessageIdentity.match(m, read("alice", 12, "%7B%22mystery%22%3A1%7D")))
                .isEqualTo(MessageIdentity.Match.CANNOT_DECIDE);
        assertThat(MessageIdentity.match(m, read("alice", 12, "not json at all")))
                .isEqualTo(MessageIdentity.Match.CANNOT_DECIDE);
    }

    @Test
    void textIsComparedAsSentOrUrlDecoded() {
        Message m = sent(MessageType.TEXT, "hello world");
        assertThat(MessageIdentity.match(m, read("alice", 1, "hello world"))).isEqualTo(MessageIdentity.Match.OURS);
        assertThat(MessageIdentity.match(m, read("alice", 1, "hello%20world"))).isEqualTo(MessageIdentity.Match.OURS);
        assertThat(MessageIdentity.match(m, read("alice", 1, "hello"))).isEqualTo(MessageIdentity.Match.NOT_OURS);
    }

    @Test
    void verificationKeysAgreeAcrossBothForms() {
        Message m = sent(MessageType.IMAGE, IMAGE);
        String key = MessageIdentity.of(m);
        assertThat(MessageIdentity.of(read("alice", 11, IMAGE))).isEqualTo(key);
        assertThat(MessageIdentity.of(read("alice", 11,
                documented("{\"file_name\":\"a b.png\",\"download_url\":\"https://h/a b.png\"}")))).isEqualTo(key);
    }
}

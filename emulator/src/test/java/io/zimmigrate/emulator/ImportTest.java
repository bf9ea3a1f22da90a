package io.zimmigrate.emulator;

import static io.zimmigrate.emulator.Fixture.DAY;
import static io.zimmigrate.emulator.Fixture.groupText;
import static io.zimmigrate.emulator.Fixture.peerText;
import static io.zimmigrate.emulator.ZimTestClient.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImportTest {
    private final Fixture fixture = new Fixture();
    private ZimEmulator emulator;
    private ZimTestClient client;

    @BeforeEach
    void start() {
        emulator = fixture.start(b -> b.qps(0));
        client = fixture.client(emulator);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void groupMessagesAreStoredInArrivalOrderWithIncreasingMsgSeq() throws Exception {
        long base = fixture.now() - 5 * DAY;
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> body = groupText("u" + (i % 2), "team", "hello " + i);
            body.put("SendMessageTime", base + i * 1000L);
            var reply = client.post("ImportGroupMsg", body);
            assertThat(reply.code()).isZero();
            assertThat(reply.json().has("MsgId")).as("ImportGroupMsg answers no MsgId").isFalse();
            seqs.add(reply.json().path("MsgSeq").asLong());
        }

        String key = new Timeline.GroupTimeline(new GroupId("team")).key();
        assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(emulator.timelineKeys()).containsExactly(key);
        List<StoredMessage> stored = emulator.timeline(key);
        assertThat(stored).extracting(StoredMessage::msgSeq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(stored).extracting(StoredMessage::message)
                .containsExactly("hello 0", "hello 1", "hello 2", "hello 3", "hello 4");
        assertThat(stored).extracting(StoredMessage::msgTime)
                .containsExactly(base, base + 1000, base + 2000, base + 3000, base + 4000);
        assertThat(stored.get(1).fromUserId()).isEqualTo("u1");
        assertThat(stored).extracting(StoredMessage::msgId).doesNotHaveDuplicates().allMatch(id -> id.matches("[0-9]+"));
    }

    @Test
    void everyFieldIsKeptAsSent() throws Exception {
        Map<String, Object> body = obj("FromUserId", "u1", "GroupId", "g1", "MessageType", 200, "Priority", 3,
                "MessageBody", obj("Message", "{\"kind\":\"poll\"}", "ExtendedData", "ext", "OfflinePush", obj()),
                "SubMsgType", 17, "SearchedContent", "poll", "SendMessageTime", fixture.now() - 1000);

        assertThat(client.post("ImportGroupMsg", body).code()).isZero();

        assertThat(emulator.timeline("g:g1")).singleElement().isEqualTo(new StoredMessage(1, emulator.timeline("g:g1")
                .get(0).msgId(), "u1", 200, 17, "{\"kind\":\"poll\"}", "ext", "poll", fixture.now() - 1000, 3));
    }

    @Test
    void anAbsentOrZeroSendMessageTimeMeansNow() throws Exception {
        Map<String, Object> zero = groupText("u1", "g1", "zero");
        zero.put("SendMessageTime", 0);

        client.post("ImportGroupMsg", groupText("u1", "g1", "absent"));
        client.post("ImportGroupMsg", zero);

        assertThat(emulator.timeline("g:g1")).extracting(StoredMessage::msgTime).containsOnly(fixture.now());
    }

    @Test
    void eachGroupHasItsOwnSequence() throws Exception {
        client.post("ImportGroupMsg", groupText("u1", "a", "1"));
        client.post("ImportGroupMsg", groupText("u1", "a", "2"));

        var reply = client.post("ImportGroupMsg", groupText("u1", "b", "1"));

        assertThat(reply.json().path("MsgSeq").asLong()).isEqualTo(1);
        assertThat(emulator.timelineKeys()).containsExactlyInAnyOrder("g:a", "g:b");
    }

    @Test
    void aPeerMessageGoesOnlyIntoTheViewOfImportedUserId() throws Exception {
        var forAlice = client.post("ImportPeerMsg", peerText("alice", "bob", "alice", "hi bob"));
        var forBob = client.post("ImportPeerMsg", peerText("alice", "bob", "bob", "hi bob"));
        var bobOnly = client.post("ImportPeerMsg", peerText("bob", "alice", "bob", "deleted by alice"));

        String aliceView = new Timeline.PeerTimeline(new UserId("alice"), new UserId("bob")).key();
        String bobView = new Timeline.PeerTimeline(new UserId("bob"), new UserId("alice")).key();
        assertThat(emulator.timelineKeys()).containsExactlyInAnyOrder(aliceView, bobView);
        assertThat(emulator.timeline(aliceView)).extracting(StoredMessage::message).containsExactly("hi bob");
        assertThat(emulator.timeline(bobView)).extracting(StoredMessage::message)
                .containsExactly("hi bob", "deleted by alice");
        assertThat(forAlice.json().path("MsgSeq").asLong()).isEqualTo(1);
        assertThat(forBob.json().path("MsgSeq").asLong()).isEqualTo(1);
        assertThat(bobOnly.json().path("MsgSeq").asLong()).isEqualTo(2);
        assertThat(forAlice.json().path("MsgId").isTextual()).as("peer MsgId is a string").isTrue();
        assertThat(forAlice.json().path("MsgId").asText()).isNotEqualTo(forBob.json().path("MsgId").asText())
                .isEqualTo(emulator.timeline(aliceView).get(0).msgId());
    }

    @Test
    void anImportedUserIdThatIsNeitherParticipantIsRefused() throws Exception {
        var reply = client.post("ImportPeerMsg", peerText("alice", "bob", "carol", "hi"));

        assertThat(reply.code()).isEqualTo(660_000_002L);
        assertThat(reply.json().path("Message").asText()).contains("ImportedUserId");
        assertThat(emulator.timelineKeys()).isEmpty();
    }

    @Test
    void anAbsentImportedUserIdIsRefused() throws Exception {
        Map<String, Object> body = peerText("alice", "bob", "alice", "hi");
        body.remove("ImportedUserId");

        assertThat(client.post("ImportPeerMsg", body).code()).isEqualTo(660_000_002L);
        assertThat(emulator.timelineKeys()).isEmpty();
    }

    @Test
    void concurrentImportsIntoOneTimelineGetDistinctConsecutiveSeqs() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> seqs = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                String text = "m" + i;
                seqs.add(pool.submit(() -> client.post("ImportGroupMsg", groupText("u1", "busy", text))
                        .json().path("MsgSeq").asLong()));
            }
            Set<Long> answered = new HashSet<>();
            for (Future<Long> f : seqs) {
                answered.add(f.get());
            }
            assertThat(answered).hasSize(80).allMatch(s -> s >= 1 && s <= 80);
            assertThat(emulator.timeline("g:busy")).extracting(StoredMessage::msgSeq)
                    .isSorted().doesNotHaveDuplicates().hasSize(80);
        } finally {
            pool.shutdownNow();
        }
    }
}

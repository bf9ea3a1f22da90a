package io.zimmigrate.emulator.contract;

import static io.zimmigrate.emulator.contract.GatewayCalls.await;
import static io.zimmigrate.emulator.contract.GatewayCalls.done;
import static io.zimmigrate.emulator.contract.GatewayCalls.groupKey;
import static io.zimmigrate.emulator.contract.GatewayCalls.viewKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.gateway.ZimProtocolGateway;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ReadMessage;
import io.zimmigrate.core.port.ZimGateway.ImportReceipt;
import io.zimmigrate.core.port.ZimGateway.MessagePage;
import io.zimmigrate.core.wire.ImportGroupMsgRequest;
import io.zimmigrate.core.wire.QueryGroupMsgRequest;
import io.zimmigrate.core.wire.QueryPeerMsgRequest;
import io.zimmigrate.core.wire.WireBody;
import io.zimmigrate.emulator.StoredMessage;
import io.zimmigrate.emulator.ZimEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Messages as ZIM keeps them: bodies arrive exactly as built, a one-to-one message lands in the view of
 * each {@code ImportedUserId}, and queries page through a timeline newest first.
 */
public interface MessageContract extends GatewayFixture {
    @Test
    default void bodiesArriveExactlyAsBuilt() {
        ZimEmulator zim = emulator();
        ZimProtocolGateway zimGateway = gateway(zim);
        long t = anHourAgo();
        String tricky = "quotes \" backslash \\ newline \n tab \t unicode é 中文 \uD83D\uDE00 </script>";
        await(zimGateway.importGroupMessage(new ImportGroupMsgRequest("u1", "g1", 200, 3,
                new WireBody(tricky, "{\"k\":1}"), 7, "find me", t)));
        await(zimGateway.importGroupMessage(new ImportGroupMsgRequest("u2", "g1", 1, 1,
                new WireBody("plain", null), null, null, t + 1)));
        List<StoredMessage> stored = zim.timeline(groupKey("g1"));
        assertThat(stored).hasSize(2);
        StoredMessage custom = stored.get(0);
        assertThat(custom).usingRecursiveComparison().ignoringFields("msgId")
                .isEqualTo(new StoredMessage(1, null, "u1", 200, 7, tricky, "{\"k\":1}", "find me", t, 3));
        assertThat(stored.get(1)).usingRecursiveComparison().ignoringFields("msgId")
                .isEqualTo(new StoredMessage(2, null, "u2", 1, null, "plain", null, null, t + 1, 1));
    }

    @Test
    default void aPeerMessageLandsInTheViewOfEachImportedUserId() {
        ZimEmulator zim = emulator();
        ZimProtocolGateway zimGateway = gateway(zim);
        ImportReceipt forSender = done(await(zimGateway.importPeerMessage(peerText("alice", "bob", "alice", "hi bob"))));
        ImportReceipt forReceiver = done(await(zimGateway.importPeerMessage(peerText("alice", "bob", "bob", "hi bob"))));
        // Only bob's view gets this one (alice deleted it before the export).
        done(await(zimGateway.importPeerMessage(peerText("bob", "alice", "bob", "only bob sees this"))));
        assertThat(forSender.msgId()).isNotBlank();
        assertThat(forReceiver.msgId()).isNotBlank();
        assertThat(zim.timeline(viewKey("alice", "bob"))).extracting(StoredMessage::message).containsExactly("hi bob");
        assertThat(zim.timeline(viewKey("bob", "alice"))).extracting(StoredMessage::message)
                .containsExactly("hi bob", "only bob sees this");
    }

    // ---- paging -------------------------------------------------------------------------------------------

    @Test
    default void queriesPageThroughNewestFirst() {
        ZimEmulator zim = emulator();
        ZimProtocolGateway zimGateway = gateway(zim);
        for (int i = 1; i <= 25; i++) {
            done(await(zimGateway.importGroupMessage(groupText("u1", "g1", "group " + i))));
        }
        for (int i = 1; i <= 7; i++) {
            done(await(zimGateway.importPeerMessage(peerText("u1", "u2", "u1", "peer " + i))));
        }
        List<Integer> pageSizes = new ArrayList<>();
        List<ReadMessage> group = pageAll(next -> zimGateway.queryGroupMessages(
                new QueryGroupMsgRequest("g1", 10, next, null)), pageSizes);
        assertThat(pageSizes).containsExactly(10, 10, 5);
        assertThat(group).extracting(ReadMessage::body)
                .containsExactlyElementsOf(descending("group ", 25));
        assertThat(group).extracting(ReadMessage::msgSeq).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(group).extracting(ReadMessage::sender).containsOnly(UserId.of("u1"));

        pageSizes.clear();
        List<ReadMessage> peer = pageAll(next -> zimGateway.queryPeerMessages(
                new QueryPeerMsgRequest("u1", "u2", 3, next, 0)), pageSizes);
        assertThat(pageSizes).containsExactly(3, 3, 1);
        assertThat(peer).extracting(ReadMessage::body).containsExactlyElementsOf(descending("peer ", 7));
        // u2's view was never imported.
        assertThat(done(await(zimGateway.queryPeerMessages(new QueryPeerMsgRequest("u2", "u1", 10, 0, null))))
                .messages()).isEmpty();
    }

    private static List<ReadMessage> pageAll(Function<Long, CompletionStage<Outcome<MessagePage>>> query,
                                                List<Integer> pageSizes) {
        List<ReadMessage> all = new ArrayList<>();
        long next = 0;
        do {
            MessagePage page = done(await(query.apply(next)));
            pageSizes.add(page.messages().size());
            all.addAll(page.messages());
            next = page.next();
        } while (next != 0 && pageSizes.size() < 100);
        return all;
    }

    private static List<String> descending(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = n; i >= 1; i--) {
            out.add(prefix + i);
        }
        return out;
    }
}

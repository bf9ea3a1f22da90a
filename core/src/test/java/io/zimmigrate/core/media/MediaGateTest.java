package io.zimmigrate.core.media;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.model.Conversation;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.MessageBody;
import io.zimmigrate.core.model.MessageType;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.StoredObject;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MediaGateTest {

    private static final MediaUrlBase BASE = MediaUrlBase.of("https://cdn.example.com/m/");
    private final MemoryMedia media = new MemoryMedia();
    private final InMemoryMediaLedger ledger = new InMemoryMediaLedger();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static Message planned(String body) {
        return new Message("m", 0, Locator.line("in", 1), UserId.of("u"), new Conversation.Group(GroupId.of("g")), 1,
                MessageType.FILE, 1, MessageBody.of(body), null, null, null);
    }

    private static String relocated(String source) {
        RawMessage raw = RawMessage.builder().messageType(12)
                .bodyMessage("{\"Uid\":\"f\",\"Url\":\"" + source + "\",\"FileName\":\"f.bin\"}").build();
        return new MediaRelocation(BASE).relocate(raw, (l, o) -> false).message().bodyMessage();
    }

    @Test
    void aMessageIsReadyWhenTheObjectsItsBodyPointsAtAreStored() {
        media.originals.put("mem:a", "a".getBytes(UTF_8));
        MediaCopier copier = new MediaCopier(media, media, ledger, pool, new CopyPolicy(1, Duration.ZERO), Pause.NONE);
        MediaRelocation relocation = new MediaRelocation(BASE);
        String body = relocated("mem:a");
        relocation.objectsOf(RawMessage.builder().messageType(12)
                .bodyMessage("{\"Uid\":\"f\",\"Url\":\"mem:a\",\"FileName\":\"f.bin\"}").build()).forEach(copier::copy);
        MediaGate gate = new MediaGate(copier, BASE);
        assertThat(gate.ready(planned(body)).join().ready()).isTrue();
        assertThat(gate.ready(planned("{\"Uid\":\"f\",\"Url\":\"https://elsewhere/x\",\"FileName\":\"x\"}")).join().stored()).isEmpty();
    }

    @Test
    void aKeyThisRunNeverReadIsReadyOnlyIfTheLedgerHasIt() {
        MediaCopier copier = new MediaCopier(media, media, ledger, pool, new CopyPolicy(1, Duration.ZERO), Pause.NONE);
        MediaGate gate = new MediaGate(copier, BASE);
        String body = relocated("mem:old");
        assertThat(gate.ready(planned(body)).join().ready()).isFalse();
        String key = body.substring(body.indexOf(BASE.toString()) + BASE.toString().length(), body.indexOf("\",\"FileName"));
        ledger.record(new StoredObject(key, "mem:old", 3, null));
        assertThat(gate.ready(planned(body)).join().ready()).isTrue();
    }
}

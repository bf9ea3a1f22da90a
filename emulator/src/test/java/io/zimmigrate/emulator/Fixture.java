package io.zimmigrate.emulator;

import static io.zimmigrate.emulator.ZimTestClient.obj;

import io.zimmigrate.core.signing.ServerSecret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Starts emulators on a manual clock and talks to them with {@link ZimTestClient}; closes what it started. */
final class Fixture implements AutoCloseable {
    static final long APP_ID = 1_234_567_890L;
    static final String SECRET = "9193cc662a4c0ec135ec71fb57194b38";
    /** A quarter past a second, so a test knows how far the current second has to run. */
    static final Instant START = Instant.parse("2026-03-01T12:00:00.250Z");
    static final long DAY = 86_400_000L;

    final ManualClock clock = new ManualClock(START);
    private final List<ZimEmulator> started = new ArrayList<>();

    EmulatorConfig.Builder config() {
        return EmulatorConfig.builder().appId(APP_ID).secret(ServerSecret.of(SECRET)).clock(clock);
    }

    ZimEmulator start() {
        return start(b -> b);
    }

    ZimEmulator start(UnaryOperator<EmulatorConfig.Builder> tweak) {
        ZimEmulator emulator = ZimEmulator.start(tweak.apply(config()).build());
        started.add(emulator);
        return emulator;
    }

    ZimTestClient client(ZimEmulator emulator) {
        return new ZimTestClient(emulator.baseUri(), APP_ID, SECRET, clock);
    }

    long now() {
        return clock.millis();
    }

    static Map<String, Object> groupText(String from, String group, String text) {
        return obj("FromUserId", from, "GroupId", group, "MessageType", 1, "Priority", 1,
                "MessageBody", obj("Message", text));
    }

    static Map<String, Object> peerText(String from, String to, String importedFor, String text) {
        return obj("FromUserId", from, "ToUserId", to, "MessageType", 1, "Priority", 1,
                "MessageBody", obj("Message", text), "ImportedUserId", importedFor);
    }

    static Map<String, Object> register(String... userIds) {
        List<Map<String, Object>> users = new ArrayList<>();
        for (String id : userIds) {
            users.add(obj("UserId", id, "UserName", "name of " + id));
        }
        return obj("UserInfo", users);
    }

    @Override
    public void close() {
        started.forEach(ZimEmulator::close);
    }
}

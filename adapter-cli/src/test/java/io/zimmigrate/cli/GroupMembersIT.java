package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.ZimEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the real jar: {@code run --provision} of a group in which 250 people wrote leaves the group with those 250
 * members in ZIM (the emulator, which refuses a group message from a non-member and caps invitations at one per
 * group per second), and every message imported. Before session 13 the group got 101 members and the messages of
 * the 149 others were refused.
 */
class GroupMembersIT {
    private static final String SECRET = "group-members-it-5a6b7c8d9e0f1a2b";
    private static final int WRITERS = 250;

    @Test
    void everyoneWhoWroteInAGroupIsAMemberOfIt(@TempDir Path dir) throws Exception {
        long t = System.currentTimeMillis() - 86_400_000L;
        List<String> lines = new ArrayList<>();
        List<String> writers = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            writers.add("w" + i);
            lines.add("{\"Id\":\"m" + i + "\",\"GroupId\":\"big\",\"FromUserId\":\"w" + i + "\",\"MessageType\":1,"
                    + "\"MessageBody\":{\"Message\":\"hello " + i + "\"},\"SendMessageTime\":" + (t + i) + "}");
        }
        Files.write(dir.resolve("history.jsonl"), lines, StandardCharsets.UTF_8);
        try (ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7)
                .secret(ServerSecret.of(SECRET)).qps(20).seed(3).requireProvisioned(true).build())) {
            List<String> command = JarRun.command("run", dir.resolve("history.jsonl").toString(), "--provision",
                    "--endpoint", zim.baseUri().toString(), "--app-id", "7", "--journal",
                    dir.resolve("journal").toString(), "--progress", "lines");
            JarRun.Result result = JarRun.run(command, dir.resolve("run.log"), SECRET, Duration.ofSeconds(120));

            assertThat(result.exit()).as(result.log()).isZero();
            assertThat(zim.groupMembers("big")).as("the owner, 100 at creation, 149 invited")
                    .containsExactlyInAnyOrderElementsOf(writers);
            assertThat(zim.requestsReceived("InviteUsersIntoGroup")).isEqualTo(2);
            assertThat(zim.timeline("g:big")).hasSize(WRITERS);

            JarRun.Result again = JarRun.run(command, dir.resolve("again.log"), SECRET, Duration.ofSeconds(120));
            assertThat(again.exit()).as(again.log()).isZero();
            assertThat(zim.requestsReceived("InviteUsersIntoGroup")).as("the journal says they are in").isEqualTo(2);
            assertThat(zim.timeline("g:big")).hasSize(WRITERS);
        }
    }
}

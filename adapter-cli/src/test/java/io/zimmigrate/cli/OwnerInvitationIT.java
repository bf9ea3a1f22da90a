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
 * Issue 15 through the real jar: a delta whose new writer has an older message (late, not imported) becomes the
 * group's owner in the new plan and writes again later. The emulator, like ZIM's spec, removes the operator from its
 * own invitation and refuses group messages from non-members: the new owner must be invited by someone else. Before
 * session 14 it invited itself, stayed out, and its new message was refused ({@code zim.660600024}).
 */
class OwnerInvitationIT {
    private static final String SECRET = "owner-invitation-it-1a2b3c4d5e6f7a";

    private static String line(String id, String from, long at) {
        return "{\"Id\":\"" + id + "\",\"GroupId\":\"g\",\"FromUserId\":\"" + from + "\",\"MessageType\":1,"
                + "\"MessageBody\":{\"Message\":\"hello " + id + "\"},\"SendMessageTime\":" + at + "}";
    }

    @Test
    void aNewOwnerByAnOlderMessageIsInvitedAndItsNewMessageImported(@TempDir Path dir) throws Exception {
        long t = System.currentTimeMillis() - 86_400_000L;
        List<String> first = new ArrayList<>();
        List<String> writers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            writers.add("w" + i);
            first.add(line("m" + i, "w" + i, t + i * 1000L));
        }
        List<String> next = new ArrayList<>(first);
        next.add(line("older", "nw", t - 60_000)); // the new plan's owner; late: not imported
        next.add(line("newer", "nw", t + 3_600_000L));
        writers.add("nw");
        Files.write(dir.resolve("first.jsonl"), first, StandardCharsets.UTF_8);
        Files.write(dir.resolve("next.jsonl"), next, StandardCharsets.UTF_8);
        try (ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7)
                .secret(ServerSecret.of(SECRET)).qps(20).seed(3).requireProvisioned(true).build())) {
            JarRun.Result result = null;
            for (String export : List.of("first", "next")) {
                List<String> command = JarRun.command("run", dir.resolve(export + ".jsonl").toString(), "--provision",
                        "--endpoint", zim.baseUri().toString(), "--app-id", "7", "--journal",
                        dir.resolve("journal").toString(), "--progress", "lines");
                result = JarRun.run(command, dir.resolve(export + ".log"), SECRET, Duration.ofSeconds(120));
            }
            String rejects = Files.readString(dir.resolve("journal").resolve("rejects.jsonl"));
            assertThat(rejects).as(result.log()).doesNotContain("zim.660600024");
            assertThat(rejects.lines()).as("the older message, late").singleElement().asString()
                    .contains("\"older\"").contains("time.behind-timeline");
            assertThat(result.exit()).as(result.log()).isEqualTo(ExitCodes.REJECTED);
            assertThat(zim.groupMembers("g")).containsExactlyInAnyOrderElementsOf(writers);
            assertThat(zim.timeline("g:g")).hasSize(6);
        }
    }
}

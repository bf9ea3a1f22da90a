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
    /**
     * The emulator's cap and the run's: what is checked is who is a member, which the pace does not change, and at
     * ZIM's 20/s the 250 messages of one group alone took 12.5 s. Invitations keep ZIM's one per second per group.
     */
    private static final int QPS = 100;

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
                .secret(ServerSecret.of(SECRET)).qps(QPS).seed(3).requireProvisioned(true).build())) {
            List<String> command = JarRun.command("run", dir.resolve("history.jsonl").toString(), "--provision",
                    "--endpoint", zim.baseUri().toString(), "--app-id", "7", "--journal",
                    dir.resolve("journal").toString(), "--progress", "lines", "--qps", Integer.toString(QPS));
            JarRun.Result result = JarRun.run(command, dir.resolve("run.log"), SECRET, Duration.ofSeconds(120));

            assertThat(result.exit()).as(result.log()).isZero();
            assertThat(zim.groupMembers("big")).as("the owner, 100 at creation, 149 invited")
                    .containsExactlyInAnyOrderElementsOf(writers);
            assertThat(zim.requestsReceived("InviteUsersIntoGroup")).isEqualTo(2);
            assertThat(zim.timeline("g:big")).hasSize(WRITERS);
            // Provisioning says how far it is (the group's invitations alone take two seconds), and when it is done.
            assertThat(result.log()).contains("provisioning: 250/250 users registered, 1/1 groups created with their members");
            assertThat(Files.readString(dir.resolve("journal").resolve("status.json")))
                    .contains("\"provisioning\":{\"users\":250,\"usersDone\":250,\"groups\":1,\"groupsDone\":1}");

            JarRun.Result again = JarRun.run(command, dir.resolve("again.log"), SECRET, Duration.ofSeconds(120));
            assertThat(again.exit()).as(again.log()).isZero();
            assertThat(zim.requestsReceived("InviteUsersIntoGroup")).as("the journal says they are in").isEqualTo(2);
            assertThat(zim.timeline("g:big")).hasSize(WRITERS);
        }
    }

    private static String line(String id, String group, String from, long at) {
        return "{\"Id\":\"" + id + "\",\"GroupId\":\"" + group + "\",\"FromUserId\":\"" + from
                + "\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"hello " + id + "\"},\"SendMessageTime\":"
                + at + "}";
    }

    /**
     * A delta run (a newer export, the same journal) that adds writers to groups provisioned by the first run: a
     * group of 150 and a group of 5. They are invited before their messages go, which the emulator would refuse from
     * non-members. Before this fix the small group's new writer was not invited (group:ID said it was complete).
     */
    @Test
    void aDeltaInvitesTheWritersItAddsToProvisionedGroups(@TempDir Path dir) throws Exception {
        long t = System.currentTimeMillis() - 86_400_000L;
        List<String> first = new ArrayList<>();
        List<String> big = new ArrayList<>();
        List<String> small = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            big.add("b" + i);
            first.add(line("bm" + i, "big", "b" + i, t + i));
        }
        for (int i = 0; i < 5; i++) {
            small.add("s" + i);
            first.add(line("sm" + i, "small", "s" + i, t + i));
        }
        List<String> next = new ArrayList<>(first);
        for (int i = 0; i < 3; i++) {
            big.add("nb" + i);
            next.add(line("nbm" + i, "big", "nb" + i, t + 3_600_000L + i));
        }
        small.add("ns");
        next.add(line("nsm", "small", "ns", t + 3_600_000L));
        Files.write(dir.resolve("first.jsonl"), first, StandardCharsets.UTF_8);
        Files.write(dir.resolve("next.jsonl"), next, StandardCharsets.UTF_8);
        try (ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7)
                .secret(ServerSecret.of(SECRET)).qps(QPS).seed(3).requireProvisioned(true).build())) {
            for (String export : List.of("first", "next")) {
                List<String> command = JarRun.command("run", dir.resolve(export + ".jsonl").toString(), "--provision",
                        "--endpoint", zim.baseUri().toString(), "--app-id", "7", "--journal",
                        dir.resolve("journal").toString(), "--progress", "lines", "--qps", Integer.toString(QPS));
                JarRun.Result result = JarRun.run(command, dir.resolve(export + ".log"), SECRET,
                        Duration.ofSeconds(120));
                assertThat(result.exit()).as(result.log()).isZero();
            }
            assertThat(zim.groupMembers("big")).containsExactlyInAnyOrderElementsOf(big);
            assertThat(zim.groupMembers("small")).containsExactlyInAnyOrderElementsOf(small);
            assertThat(zim.timeline("g:big")).hasSize(153);
            assertThat(zim.timeline("g:small")).hasSize(6);
        }
    }
}

package io.zimmigrate.cli.validate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded JSON Lines file of good records with every kind of bad record spread through it (each rule of
 * docs/examples/history-with-errors.jsonl, plus what only a file can hold: bytes that are not UTF-8, a line over
 * the cap, blank and whitespace-only lines, CRLF ends, a BOM, NULs, trailing junk, duplicates far apart, objects as
 * {@code Message}), long enough to span many of the reader's batches. Pure JDK, so the same file can be written
 * outside the build ({@code java BadRecordCorpus.java OUT}) for another build's jar to validate: the golden outputs
 * in the test resources were written by the jar of main a95eec0 (see {@link ValidateGoldenTest}).
 */
public final class BadRecordCorpus {
    /** The line cap the corpus is validated with ({@code --source-option max-line-bytes=}). */
    public static final int MAX_LINE_BYTES = 4096;
    /** Records of the corpus (lines, not counting blank ones). */
    public static final int RECORDS = 6000;

    private BadRecordCorpus() {}

    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]));
    }

    public static void write(Path file) throws IOException {
        Files.write(file, bytes(20261202L));
    }

    static byte[] bytes(long seed) {
        Random rnd = new Random(seed);
        List<String> bad = badLines();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long t0 = 1732000000000L;
        List<String> usedIds = new ArrayList<>();
        out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}); // a BOM before the first record
        for (int i = 0; i < RECORDS; i++) {
            int dice = rnd.nextInt(100);
            String line;
            if (dice < 12) {
                line = bad.get(rnd.nextInt(bad.size())).replace("@", "b" + i);
            } else if (dice < 14 && !usedIds.isEmpty()) {
                // A duplicate of an Id seen long before (another batch, maybe another run of lines).
                line = groupLine(usedIds.get(rnd.nextInt(usedIds.size())), i, rnd, t0);
            } else if (dice < 16) {
                out.writeBytes(("{\"Id\":\"u" + i + "\",\"GroupId\":\"g1\",\"FromUserId\":\"u1\",\"MessageType\":1,"
                        + "\"MessageBody\":{\"Message\":\"bad ").getBytes(StandardCharsets.UTF_8));
                out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xED, (byte) 0xA0, (byte) 0x80});
                out.writeBytes("\"},\"SendMessageTime\":1732000000000}\n".getBytes(StandardCharsets.UTF_8));
                continue;
            } else if (dice < 17) {
                line = "{\"Id\":\"l" + i + "\",\"GroupId\":\"g1\",\"FromUserId\":\"u1\",\"MessageType\":1,"
                        + "\"MessageBody\":{\"Message\":\"" + "x".repeat(MAX_LINE_BYTES) + "\"},\"SendMessageTime\":"
                        + t0 + "}";
            } else if (dice < 19) {
                out.writeBytes((rnd.nextBoolean() ? "\n" : "  \t \r\n").getBytes(StandardCharsets.UTF_8));
                line = groupLine("m" + i, i, rnd, t0);
            } else if (dice < 25) {
                String from = "p" + rnd.nextInt(40);
                String to = "p" + (40 + rnd.nextInt(40));
                line = "{\"Id\":\"m" + i + "\",\"ToUserId\":\"" + to + "\",\"FromUserId\":\"" + from
                        + "\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"hello " + i + "\"},"
                        + (rnd.nextInt(4) == 0 ? "\"HiddenFor\":[\"" + from + "\"]," : "")
                        + (rnd.nextInt(10) == 0 ? "" : "\"SendMessageTime\":" + (t0 + i) + ",") + "\"Priority\":"
                        + (1 + rnd.nextInt(3)) + "}";
                usedIds.add("m" + i);
            } else if (dice < 27) {
                line = "{\"Id\":\"m" + i + "\",\"GroupId\":\"g7\",\"FromUserId\":\"g7u1\",\"MessageType\":11,"
                        + "\"MessageBody\":{\"Message\":{\"Uid\":\"i-" + i + "\",\"Origin\":{\"Url\":"
                        + "\"https://cdn.example.com/" + i + ".png\",\"Width\":10,\"Height\":10},\"FileName\":\"c.png\"}},"
                        + "\"SendMessageTime\":" + (t0 + i) + "}";
                usedIds.add("m" + i);
            } else {
                line = groupLine("m" + i, i, rnd, t0);
                usedIds.add("m" + i);
            }
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            out.writeBytes((rnd.nextInt(20) == 0 ? "\r\n" : "\n").getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static String groupLine(String id, int i, Random rnd, long t0) {
        int g = rnd.nextInt(30);
        return "{\"Id\":\"" + id + "\",\"GroupId\":\"g" + g + "\",\"FromUserId\":\"g" + g + "u" + rnd.nextInt(5)
                + "\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"m" + i + ": the quick brown fox \\u00e9\\n\","
                + "\"ExtendedData\":\"x\"},\"SendMessageTime\":" + (t0 + 7L * i) + "}";
    }

    /** Bad records, one per kind; {@code @} is replaced by a unique suffix so Ids stay distinct. */
    private static List<String> badLines() {
        String g = "\"GroupId\":\"g-team\",\"FromUserId\":\"u-alice\"";
        String ok = "\"MessageBody\":{\"Message\":\"hi\"},\"SendMessageTime\":1732000000000";
        return List.of(
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1,\"MessageBody\":{\"Message\":\"oops\"}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1," + ok + ",\"Sender\":\"u-alice\"}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":\"text\"," + ok + "}",
                "{" + g + ",\"MessageType\":1," + ok + "}",
                "{\"Id\":\"\"," + g + ",\"MessageType\":1," + ok + "}",
                "{\"Id\":\"@\",\"GroupId\":\"g-team\",\"ToUserId\":\"u-bob\",\"FromUserId\":\"u-alice\",\"MessageType\":1," + ok + "}",
                "{\"Id\":\"@\",\"FromUserId\":\"u-alice\",\"MessageType\":1," + ok + "}",
                "{\"Id\":\"@\",\"GroupId\":\"g-team\",\"FromUserId\":\"alice/admin\",\"MessageType\":1," + ok + "}",
                "{\"Id\":\"@\",\"GroupId\":\"g-team\",\"FromUserId\":\"u-" + "x".repeat(40) + "\",\"MessageType\":1," + ok + "}",
                "{\"Id\":\"@\",\"GroupId\":\"#general\",\"FromUserId\":\"u-alice\",\"MessageType\":1," + ok + "}",
                "{\"Id\":\"@\",\"ToUserId\":\"u-alice\",\"FromUserId\":\"u-alice\",\"MessageType\":1," + ok + "}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1," + ok + ",\"HiddenFor\":[\"u-bob\"]}",
                "{\"Id\":\"@\",\"ToUserId\":\"u-bob\",\"FromUserId\":\"u-alice\",\"MessageType\":1," + ok
                        + ",\"HiddenFor\":[\"u-bob\",\"u-alice\"]}",
                "{\"Id\":\"@\",\"ToUserId\":\"u-bob\",\"FromUserId\":\"u-alice\",\"MessageType\":1," + ok
                        + ",\"HiddenFor\":[\"u-carol\",null]}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":2," + ok + "}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":99," + ok + "}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":31," + ok + "}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":10,\"MessageBody\":{\"Message\":\"{\\\"MultiMsg\\\":[]}\"},"
                        + "\"SendMessageTime\":1732000000000}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1,\"Priority\":5," + ok + "}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1,\"Priority\":2.5," + ok + "}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":200,\"MessageBody\":{\"Message\":\"{}\"},\"SendMessageTime\":1732000000000}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":200,\"SubMsgType\":201,\"MessageBody\":{\"Message\":\"{}\"},"
                        + "\"SendMessageTime\":1732000000000}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1,\"MessageBody\":{\"Message\":\"hi \\ud800\"},\"SendMessageTime\":1732000000000}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":200,\"SubMsgType\":1,\"SearchedContent\":\"" + "ü".repeat(33)
                        + "\",\"MessageBody\":{\"Message\":\"{}\"},\"SendMessageTime\":1732000000000}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1,\"MessageBody\":{\"Message\":\"\"},\"SendMessageTime\":1732000000000}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1,\"MessageBody\":null,\"SendMessageTime\":1732000000000}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1,\"MessageBody\":\"hi\",\"SendMessageTime\":1732000000000}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1,\"MessageBody\":{\"Message\":\"" + "€".repeat(1200)
                        + "\"},\"SendMessageTime\":1732000000000}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1,\"MessageBody\":{\"Message\":\"hi\",\"ExtendedData\":\""
                        + "x".repeat(1100) + "\"},\"SendMessageTime\":1732000000000}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1,\"MessageBody\":{\"Message\":\"hi\",\"OfflinePush\":{}},"
                        + "\"SendMessageTime\":1732000000000}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":12,\"MessageBody\":{\"Message\":\"report.pdf\"},\"SendMessageTime\":1732000000000}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":12,\"MessageBody\":{\"Message\":{\"Uid\":\"f-1\",\"Url\":"
                        + "\"https://cdn.example.com/a.pdf\"}},\"SendMessageTime\":1732000000000}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":12,\"MessageBody\":{\"Message\":{\"Uid\":\"f-2\",\"Url\":"
                        + "\"https://cdn.example.com/" + "a".repeat(600) + "\",\"FileName\":\"a.pdf\"}},\"SendMessageTime\":1732000000000}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":11,\"MessageBody\":{\"Message\":{\"Uid\":\"i-1\",\"Origin\":{\"Url\":"
                        + "\"https://cdn.example.com/c.png\",\"Width\":0,\"Height\":10},\"FileName\":\"c.png\"}},"
                        + "\"SendMessageTime\":1732000000000}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1,\"MessageBody\":{\"Message\":\"fine\"},\"SendMessageTime\":1832100000000}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1,\"MessageBody\":{\"Message\":\"fine\"},\"SendMessageTime\":1700000000000}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1,\"MessageBody\":{\"Message\":\"fine\"},\"SendMessageTime\":-5}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1,\"MessageBody\":{\"Message\":\"fine\"},\"SendMessageTime\":1e3}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1,\"MessageBody\":{\"Message\":\"fine\"},\"SendMessageTime\":\"soon\"}",
                "[\"@\",\"g-team\",\"u-alice\"]",
                "\"just a string\"",
                "{}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1," + ok + "} junk",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1," + ok + "}{\"Id\":\"x\"}",
                "{\"Id\":\"@\",\"Id\":\"@x\"," + g + ",\"MessageType\":1," + ok + "}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1,\"MessageBody\":{\"Message\":\"a\",\"Message\":\"b\"},"
                        + "\"SendMessageTime\":1732000000000}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":12,\"MessageBody\":{\"Message\":{\"Uid\":\"f\",\"Uid\":\"g\"}},"
                        + "\"SendMessageTime\":1732000000000}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1," + "\"MessageBody\":{\"Message\":\"hi\"}," + "\"SendMessageTime\":"
                        + "1732000000000,\"HiddenFor\":\"u-bob\"}",
                "{\"Id\":7," + g + ",\"MessageType\":1," + ok + "}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1," + ok + ",\"Deep\":" + "[".repeat(80) + "]".repeat(80) + "}",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1,\"MessageBody\":{\"Message\":\"tab\there\"},\"SendMessageTime\":1732000000000}",
                "\u0000{\"Id\":\"@\"}",
                "nul\u0000l",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1,\"MessageBody\":{\"Message\":\"hi\"},\"SendMessageTime\":1732000000000,",
                "{\"Id\":\"@\"," + g + ",\"MessageType\":1,\"MessageBody\":{\"Message\":\"hi\"},\"SendMessageTime\":17320000000000000000000}",
                "{\"Id\":\"@ \"," + g + ",\"MessageType\":1," + ok + "}");
    }
}

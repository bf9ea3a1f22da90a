package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zim-migrate validate} in-process, against the shipped examples and real temp files. */
class ValidateCommandTest {
    /** The repository root: surefire runs tests in the module directory. */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path EXAMPLE = ROOT.resolve("docs/examples/history.jsonl");
    static final Path WITH_ERRORS = ROOT.resolve("docs/examples/history-with-errors.jsonl");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The rule each bad line of docs/examples/history-with-errors.jsonl breaks (docs/input-format.md lists them). */
    static final Map<Integer, String> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry(2, "record.json"), Map.entry(3, "record.unknown-field"), Map.entry(4, "record.field-type"),
            Map.entry(5, "record.id-required"), Map.entry(6, "record.duplicate-id"), Map.entry(7, "record.conversation"),
            Map.entry(8, "id.charset"), Map.entry(9, "id.length"), Map.entry(10, "id.leading-hash"),
            Map.entry(11, "record.self-conversation"), Map.entry(12, "record.hidden-for"), Map.entry(13, "type.signaling"),
            Map.entry(14, "type.unsupported"), Map.entry(15, "type.multi-item-disabled"), Map.entry(16, "priority.range"),
            Map.entry(17, "subtype.required"), Map.entry(18, "subtype.range"), Map.entry(19, "text.lone-surrogate"),
            Map.entry(20, "searched.size"), Map.entry(21, "body.required"), Map.entry(22, "body.size"),
            Map.entry(23, "body.extended-size"), Map.entry(24, "body.json"), Map.entry(25, "body.field-required"),
            Map.entry(26, "body.url-size"), Map.entry(27, "body.file-name-size"), Map.entry(28, "body.picture-size"),
            Map.entry(29, "time.future"), Map.entry(30, "time.retention"), Map.entry(31, "time.negative"),
            Map.entry(32, "record.not-object")));
    static final List<Integer> GOOD_LINES = List.of(1, 33, 34);

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    private static List<JsonNode> rejects(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void theShippedExampleIsValid() {
        Cli.Result r = cli.run("validate", EXAMPLE.toString());
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("Read 9 records from " + EXAMPLE + ": 9 valid, 0 rejected.")
                .contains("Conversations: 2 group, 2 one-to-one.").contains("Import calls needed: 11.");
        assertThat(r.err()).isEmpty();
    }

    /** The README's run command, exactly as written there, validates the example with exit 0. */
    @Test
    void theReadmeRunCommandWorks() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("(?m)^\\./zim-migrate (validate .*)$").matcher(readme);
        assertThat(m.find()).as("README has a ./zim-migrate validate line").isTrue();
        String[] args = m.group(1).trim().split("\\s+");
        for (int i = 0; i < args.length; i++) {
            if (Files.exists(ROOT.resolve(args[i]))) {
                args[i] = ROOT.resolve(args[i]).toString();
            }
        }
        Cli.Result r = new Cli().clock(Instant.parse("2031-01-01T00:00:00Z")).run(args);
        assertThat(r.exit()).as("%s", r).isZero();
    }

    @Test
    void eachBadLineIsNamedWithItsRuleAndLineNumber() throws IOException {
        Path rejects = dir.resolve("rejects.jsonl");
        Cli.Result r = cli.run("validate", WITH_ERRORS.toString(), "--rejects", rejects.toString(), "--show", "100");
        assertThat(r.exit()).as("%s", r).isEqualTo(ExitCodes.REJECTED);

        Map<Integer, List<String>> found = new LinkedHashMap<>();
        for (JsonNode j : rejects(rejects)) {
            assertThat(j.fieldNames()).toIterable().containsExactly("line", "id", "field", "rule", "message");
            found.computeIfAbsent(j.get("line").asInt(), k -> new ArrayList<>()).add(j.get("rule").asText());
        }
        assertThat(found.keySet()).containsExactlyElementsOf(EXPECTED.keySet());
        EXPECTED.forEach((line, rule) -> assertThat(found.get(line)).as("line %d", line).containsExactly(rule));
        for (int line : EXPECTED.keySet()) {
            assertThat(r.out()).containsPattern("(?m)^" + Pattern.quote(WITH_ERRORS + ":" + line) + "[ :]");
        }
        assertThat(r.out()).contains("3 valid, 31 rejected");
        assertThat(r.out()).containsPattern("time\\.now +1");
    }

    /** Issue #12 item 8: a lone UTF-16 surrogate has no UTF-8 form; it is a rejection and nothing we write breaks. */
    @Test
    void loneSurrogatesAreRejectedAndTheRejectsFileStaysValidUtf8() throws IOException {
        Path input = dir.resolve("surrogates.jsonl");
        String good = "{\"Id\":\"ok\",\"GroupId\":\"g\",\"FromUserId\":\"u\",\"MessageType\":1,"
                + "\"MessageBody\":{\"Message\":\"fine \ud83d\ude00\"},\"SendMessageTime\":1732000000000}";
        Files.writeString(input, String.join("\n",
                good.replace("\"ok\"", "\"in-body\"").replace("fine ", "broken \\ud800 here "),
                good.replace("\"ok\"", "\"id-\\udc00\""),
                good.replace("\"ok\"", "\"in-field-name\"").replace("\"GroupId\"", "\"G\\ud800\":1,\"GroupId\""),
                good.replace("\"ok\"", "\"in-extended\"").replace("\"},", "\",\"ExtendedData\":\"\\udbff\"},"),
                good) + "\n");
        Path rejects = dir.resolve("rejects.jsonl");
        Cli.Result r = new Cli().clock(Instant.parse("2024-11-20T00:00:00Z"))
                .run("validate", input.toString(), "--rejects", rejects.toString());
        assertThat(r.exit()).as("%s", r).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.out()).contains("1 valid, 4 rejected");

        byte[] written = Files.readAllBytes(rejects);
        assertThat(com.google.common.base.Utf8.isWellFormed(written)).as("rejects file is UTF-8").isTrue();
        Map<Integer, List<String>> found = new TreeMap<>();
        for (JsonNode j : rejects(rejects)) {
            found.computeIfAbsent(j.get("line").asInt(), k -> new ArrayList<>()).add(j.get("rule").asText());
            j.forEach(v -> assertThat(v.isTextual() ? v.textValue().chars().anyMatch(c -> Character.isSurrogate((char) c))
                    : false).as("%s", j).isFalse());
        }
        assertThat(found.get(1)).containsExactly("text.lone-surrogate");
        assertThat(found.get(2)).contains("text.lone-surrogate");
        assertThat(found.get(3)).containsExactly("record.json"); // Jackson itself refuses one in a field name
        assertThat(found.get(4)).containsExactly("text.lone-surrogate");
        assertThat(found).doesNotContainKey(5);
    }

    @Test
    void theGoodLinesAloneExit0() throws IOException {
        List<String> lines = Files.readAllLines(WITH_ERRORS);
        Path good = dir.resolve("good.jsonl");
        Files.write(good, GOOD_LINES.stream().map(n -> lines.get(n - 1)).toList());
        Cli.Result r = cli.run("validate", good.toString());
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("3 valid, 0 rejected");
    }

    @Test
    void bytesThatAreNotUtf8AndOverlongLinesAreRejectedByLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        List<String> example = Files.readAllLines(EXAMPLE);
        b.writeBytes((example.get(0) + "\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes(new byte[] {'{', '"', 'I', 'd', '"', ':', '"', (byte) 0xFF, '"', '}', '\n'});
        b.writeBytes(("{\"Id\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes((example.get(1) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes(example.get(2).getBytes(StandardCharsets.UTF_8)); // no final newline
        Path mixed = dir.resolve("mixed.jsonl");
        Files.write(mixed, b.toByteArray());
        Path rejects = dir.resolve("r.jsonl");

        Cli.Result r = cli.run("validate", mixed.toString(), "--rejects", rejects.toString());
        assertThat(r.exit()).as("%s", r).isEqualTo(ExitCodes.REJECTED);
        assertThat(rejects(rejects)).extracting(j -> j.get("line").asInt() + ":" + j.get("rule").asText())
                .containsExactly("2:record.utf8", "3:record.too-long");
        assertThat(r.out()).contains("Read 5 records").contains("3 valid, 2 rejected");
        assertThat(r.out().length()).isLessThan(5000);
    }

    @Test
    void severalFilesAreOneInputAndRejectsNameTheFile() throws IOException {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.ndjson");
        List<String> example = Files.readAllLines(EXAMPLE);
        Files.write(a, example.subList(0, 2));
        Files.write(b, List.of(example.get(2), example.get(0))); // m-1 again: a duplicate across files
        Path rejects = dir.resolve("r.jsonl");
        Cli.Result r = cli.run("validate", a.toString(), b.toString(), "--rejects", rejects.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.REJECTED);
        JsonNode only = rejects(rejects).get(0);
        assertThat(only.get("file").asText()).isEqualTo(b.toString());
        assertThat(only.get("line").asInt()).isEqualTo(2);
        assertThat(only.get("id").asText()).isEqualTo("m-1");
        assertThat(only.get("rule").asText()).isEqualTo("record.duplicate-id");
        assertThat(r.out()).contains("from 2 files");
    }

    @Test
    void jsonOutputCarriesTheSummary() throws IOException {
        Cli.Result r = cli.run("validate", WITH_ERRORS.toString(), "--output", "json", "--show", "2");
        assertThat(r.exit()).isEqualTo(ExitCodes.REJECTED);
        JsonNode s = JSON.readTree(r.out());
        assertThat(s.get("read").asLong()).isEqualTo(34);
        assertThat(s.get("valid").asLong()).isEqualTo(3);
        assertThat(s.get("rejected").asLong()).isEqualTo(31);
        assertThat(s.get("rejectedByRule").get("time.retention").asLong()).isEqualTo(1);
        assertThat(s.get("warningsByRule").get("time.now").asLong()).isEqualTo(1);
        assertThat(s.get("conversations").get("group").asLong()).isEqualTo(1);
        assertThat(s.get("conversations").get("oneToOne").asLong()).isEqualTo(1);
        assertThat(s.get("importCalls").asLong()).isEqualTo(4);
        assertThat(s.get("now").asLong()).isEqualTo(Cli.EXAMPLE_NOW.toEpochMilli());
        assertThat(s.get("retentionDays").asInt()).isEqualTo(30);
        assertThat(s.get("rejections")).hasSize(2);
        assertThat(s.get("rejectionsNotShown").asLong()).isEqualTo(29);
    }

    @Test
    void formatTextOrJsonStillSelectsTheSummaryFormat() throws IOException {
        Cli.Result r = cli.run("validate", EXAMPLE.toString(), "--format", "json");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(JSON.readTree(r.out()).get("valid").asLong()).isEqualTo(9);
        assertThat(cli.run("validate", EXAMPLE.toString(), "--format", "text").out()).startsWith("Read 9 records");
        Cli.Result clash = cli.run("validate", EXAMPLE.toString(), "--format", "json", "--output", "text");
        assertThat(clash.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(clash.err()).contains("disagree");
    }

    @Test
    void formatNamesTheInputFormatWhenTheFileNameDoesNot() throws IOException {
        Path txt = dir.resolve("history.txt");
        Files.copy(EXAMPLE, txt);
        Cli.Result guessed = cli.run("validate", txt.toString());
        assertThat(guessed.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(guessed.err()).contains("cannot tell the format").contains("--format");
        assertThat(cli.run("validate", "--format", "jsonl", txt.toString()).exit()).isZero();
        Cli.Result unknown = cli.run("validate", "--format", "slack2", txt.toString());
        assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("unknown input format 'slack2'").contains("jsonl");
    }

    @Test
    void nowAndRetentionDaysDecideTheWindow() {
        // The injected clock is the default "now": years later every example message is too old.
        Cli.Result late = new Cli().clock(Instant.parse("2030-01-01T00:00:00Z")).run("validate", EXAMPLE.toString());
        assertThat(late.exit()).isEqualTo(ExitCodes.REJECTED);
        assertThat(late.out()).containsPattern("time\\.retention +9");
        // --now overrides the clock, in either spelling.
        assertThat(new Cli().clock(Instant.parse("2030-01-01T00:00:00Z"))
                .run("validate", EXAMPLE.toString(), "--now", "1732060800000").exit()).isZero();
        assertThat(new Cli().clock(Instant.parse("2030-01-01T00:00:00Z"))
                .run("validate", EXAMPLE.toString(), "--now", "2024-11-20T01:00:00+01:00").exit()).isZero();
        // Ten days later, a 7-day plan is too short and a 30-day plan is not.
        Cli.Result week = cli.run("validate", EXAMPLE.toString(), "--now", "2024-11-29T00:00:00Z", "--retention-days", "7");
        assertThat(week.exit()).isEqualTo(ExitCodes.REJECTED);
        assertThat(cli.run("validate", EXAMPLE.toString(), "--now", "2024-11-29T00:00:00Z").exit()).isZero();
    }

    @Test
    void usageAndInputErrorsAreOneLineAndExit2() throws IOException {
        Path copy = dir.resolve("in.jsonl");
        Files.copy(EXAMPLE, copy);
        long size = Files.size(copy);
        List<String[]> cases = List.of(
                new String[] {"validate"},
                new String[] {"validate", dir.resolve("missing.jsonl").toString()},
                new String[] {"validate", dir.toString() + "/"},
                new String[] {"validate", copy.toString(), "--now", "yesterday"},
                new String[] {"validate", copy.toString(), "--retention-days", "0"},
                new String[] {"validate", copy.toString(), "--retention-days", "many"},
                new String[] {"validate", copy.toString(), "--max-message-bytes", "40000"},
                new String[] {"validate", copy.toString(), "--output", "xml"},
                new String[] {"validate", copy.toString(), "--rejects", copy.toString()},
                new String[] {"validate", copy.toString(), "--rejects", dir.resolve("no/such/dir/r.jsonl").toString()});
        for (String[] args : cases) {
            Cli.Result r = cli.run(args);
            assertThat(r.exit()).as("%s -> %s", Arrays.toString(args), r).isEqualTo(ExitCodes.USAGE);
            assertThat(r.errLines()).as("%s -> %s", Arrays.toString(args), r).hasSize(1);
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(r.out()).isEmpty();
        }
        assertThat(Files.size(copy)).as("the input was not overwritten").isEqualTo(size);
    }

    @Test
    void limitsCanBeRaisedForAppsThatHaveThem() {
        Cli.Result strict = cli.run("validate", WITH_ERRORS.toString(), "--output", "json");
        Cli.Result raised = cli.run("validate", WITH_ERRORS.toString(), "--output", "json", "--max-message-bytes", "4096",
                "--allow-multi-item");
        try {
            JsonNode before = JSON.readTree(strict.out()).get("rejectedByRule");
            JsonNode after = JSON.readTree(raised.out()).get("rejectedByRule");
            assertThat(before.has("body.size")).isTrue();
            assertThat(after.has("body.size")).isFalse();
            assertThat(before.has("type.multi-item-disabled")).isTrue();
            assertThat(after.has("type.multi-item-disabled")).isFalse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.zimmigrate.cli.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate} accepts and rejects exactly what the jar of main a95eec0 did, word for word, on a file with every
 * kind of bad record ({@link BadRecordCorpus}, 6,000 records over many read batches): the rejects file and the
 * summary, text and JSON, one file and two (an Id is unique across files). The goldens in
 * {@code src/test/resources/validate-golden} were written by that jar:
 * {@code java BadRecordCorpus.java corpus.jsonl; java -jar zim-migrate.jar validate corpus.jsonl --now
 * 2024-11-20T00:00:00Z --source-option max-line-bytes=4096 --show 40 [--output json] --rejects rejects.jsonl}
 * (and {@code corpus.jsonl corpus-b.jsonl}, a copy, {@code --show 50}, for the two-file case), run in the file's
 * directory, so names are relative; here the temp directory is taken out of the outputs.
 */
class ValidateGoldenTest {
    private static final String[] COMMON = {"--now", "2024-11-20T00:00:00Z", "--source-option",
        "max-line-bytes=" + BadRecordCorpus.MAX_LINE_BYTES};

    @TempDir
    Path dir;

    private Path corpus;

    @BeforeEach
    void writeCorpus() throws IOException {
        corpus = dir.resolve("corpus.jsonl");
        BadRecordCorpus.write(corpus);
    }

    @Test
    void oneFileTextSummaryAndRejectsAreTheGoldens() throws IOException {
        Cli.Result r = validate(corpus.toString(), "--show", "40", "--rejects", dir.resolve("rejects.jsonl").toString());
        assertThat(r.exit()).as("%s", r.err()).isEqualTo(1);
        assertThat(r.err()).isEmpty();
        assertThat(relative(r.out())).isEqualTo(golden("summary.txt"));
        assertThat(Files.readString(dir.resolve("rejects.jsonl"))).isEqualTo(golden("rejects.jsonl"));
    }

    @Test
    void oneFileJsonSummaryIsTheGolden() throws IOException {
        Cli.Result r = validate(corpus.toString(), "--show", "40", "--output", "json", "--rejects",
                dir.resolve("rejects.jsonl").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(relative(r.out())).isEqualTo(golden("summary.json"));
        assertThat(Files.readString(dir.resolve("rejects.jsonl"))).isEqualTo(golden("rejects.jsonl"));
    }

    @Test
    void twoFilesShareTheIdsAndGiveTheGoldens() throws IOException, NoSuchAlgorithmException {
        Path copy = dir.resolve("corpus-b.jsonl");
        Files.copy(corpus, copy);
        Path rejects = dir.resolve("rejects-two.jsonl");
        Cli.Result r = validate(corpus.toString(), copy.toString(), "--show", "50", "--rejects", rejects.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(relative(r.out())).isEqualTo(golden("summary-two-files.txt"));
        byte[] written = relative(Files.readString(rejects)).getBytes(StandardCharsets.UTF_8);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(written)))
                .isEqualTo(golden("rejects-two-files.sha256").trim());
    }

    private Cli.Result validate(String... args) {
        String[] all = new String[1 + args.length + COMMON.length];
        all[0] = "validate";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(COMMON, 0, all, 1 + args.length, COMMON.length);
        return new Cli().run(all);
    }

    private String relative(String text) {
        return text.replace(dir.toString() + dir.getFileSystem().getSeparator(), "");
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = ValidateGoldenTest.class.getResourceAsStream("/validate-golden/" + name)) {
            assertThat(in).as("golden %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

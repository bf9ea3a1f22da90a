package io.zimmigrate.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.rules.Validation;
import io.zimmigrate.core.validation.MessageRules;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** The shipped examples under docs/examples, and checks every example must pass. */
public final class Examples {
    /** A "now" just after the examples were written (2024-11-20), so the retention window contains them. */
    public static final long NOW = 1732100000000L;

    private Examples() {}

    public static Path path(String name) {
        Path p = Path.of("..", "docs", "examples", name);
        assertThat(p).exists();
        return p;
    }

    /** Every readable record passes ZIM's rules (what {@code zim-migrate validate} checks). */
    public static void assertAllAccepted(List<SourceRecord> records) {
        MessageRules rules = new MessageRules(RuleSet.defaults());
        long ordinal = 0;
        for (SourceRecord r : records) {
            if (r instanceof SourceRecord.Readable ok) {
                Validation v = rules.validate(ok.message(), ok.locator(), ordinal++, NOW);
                assertThat(v).as("%s at %s", ok.message().id(), ok.locator()).isInstanceOf(Validation.Accepted.class);
            }
        }
    }

    /** Zips {@code folder} into {@code zip}, entries under {@code prefix} ("" or "name/"). */
    public static Path zip(Path folder, Path zip, String prefix) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out);
             Stream<Path> files = Files.walk(folder)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                z.putNextEntry(new ZipEntry(prefix + folder.relativize(f).toString().replace('\\', '/')));
                z.write(Files.readAllBytes(f));
                z.closeEntry();
            }
        }
        return zip;
    }
}

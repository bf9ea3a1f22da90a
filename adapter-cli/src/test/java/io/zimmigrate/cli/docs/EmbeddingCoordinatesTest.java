package io.zimmigrate.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/embedding.md's coordinates carry the project's version, and every import it lists is one the compiled
 * examples ({@link EmbeddingExampleTest}) use, so a copied import block compiles.
 */
class EmbeddingCoordinatesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void coordinatesCarryTheProjectVersion() throws Exception {
        Matcher parent = Pattern.compile("<artifactId>zim-migrate-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(parent.find()).isTrue();
        String doc = Files.readString(EmbeddingExampleTest.DOC);
        Matcher versions = Pattern.compile("<version>([^<]+)</version>").matcher(doc);
        int found = 0;
        while (versions.find()) {
            assertThat(versions.group(1)).isEqualTo(parent.group(1));
            found++;
        }
        assertThat(found).isGreaterThanOrEqualTo(3);
    }

    @Test
    void everyListedImportIsOneTheCompiledExamplesUse() throws Exception {
        String doc = Files.readString(EmbeddingExampleTest.DOC);
        String example = Files.readString(ROOT.resolve(
                "adapter-cli/src/test/java/io/zimmigrate/cli/docs/EmbeddingExampleTest.java"));
        List<String> imports = Pattern.compile("(?m)^import [\\w.]+;$").matcher(doc).results().map(m -> m.group()).toList();
        assertThat(imports).hasSizeGreaterThanOrEqualTo(8);
        assertThat(imports).allSatisfy(i -> assertThat(example).contains(i));
    }
}

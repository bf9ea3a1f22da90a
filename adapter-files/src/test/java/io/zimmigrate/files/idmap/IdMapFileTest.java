package io.zimmigrate.files.idmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import io.zimmigrate.core.idmap.IdMapper;
import io.zimmigrate.core.idmap.IdMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdMapFileTest {
    @TempDir
    Path temp;

    @Test
    void writesAHeaderAndOneQuotedRowPerMapping() throws IOException {
        IdMapper ids = new IdMapper();
        ids.user("ok");
        String zoe = ids.user("Zoë, \"the\" boss");
        String room = ids.group("#general room");
        Path file = temp.resolve("out/id-map.csv");
        IdMapFile.write(file, ids.mappings());
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("kind,source_id,zim_id");
        assertThat(lines.get(1)).isEqualTo("user,\"Zoë, \"\"the\"\" boss\"," + zoe);
        assertThat(lines.get(2)).startsWith("group,\"#general room\",").contains(room);
        assertThat(IdMapFile.read(file)).isEqualTo(ids.mappings());
        assertThat(Files.exists(temp.resolve("out/id-map.csv.tmp"))).isFalse();
    }

    @Test
    void anyMappingsSurviveAWriteAndRead() {
        qt().withExamples(100).forAll(lists().of(strings().allPossible().ofLengthBetween(1, 20)).ofSizeBetween(0, 10))
                .checkAssert(sourceIds -> {
                    IdMapper ids = new IdMapper();
                    sourceIds.stream().filter(s -> s.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF)).forEach(ids::group);
                    Path file = temp.resolve("map.csv");
                    IdMapFile.write(file, ids.mappings());
                    List<IdMapping> back = IdMapFile.read(file);
                    assertThat(back).isEqualTo(ids.mappings());
                });
    }
}

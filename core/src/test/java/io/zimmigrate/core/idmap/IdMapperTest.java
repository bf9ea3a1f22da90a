package io.zimmigrate.core.idmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import io.zimmigrate.core.rules.IdRules;
import io.zimmigrate.core.rules.Utf8;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class IdMapperTest {
    private static final IdRules STRICT = IdRules.strict();

    /** Mostly-valid characters plus some that ZIM refuses (space, '/', '#', non-ASCII), in any length. */
    private static final Gen<String> IDS = strings().allPossible().ofLengthBetween(1, 40)
            .mix(strings().basicLatinAlphabet().ofLengthBetween(1, 40), 60);

    @Test
    void validIdsStayAsTheyAre() {
        IdMapper m = new IdMapper();
        assertThat(m.user("U024BE7LH")).isEqualTo("U024BE7LH");
        assertThat(m.group("C01:general")).isEqualTo("C01:general");
        assertThat(m.mappings()).isEmpty();
    }

    @Test
    void invalidIdsBecomeAReadablePrefixAndAHash() {
        IdMapper m = new IdMapper();
        String zim = m.user("Zoë Smith");
        assertThat(zim).matches("Zo_Smith~[a-z2-7]{12}");
        assertThat(m.group("#team/town-square")).matches("_team_town-square~[a-z2-7]{12}");
        String longName = "a-very-long-channel-name-that-is-over-32-bytes";
        assertThat(m.group(longName)).startsWith("a-very-long-channel").hasSize(32);
        assertThat(m.mappings()).extracting(IdMapping::sourceId).containsExactly("Zoë Smith", "#team/town-square", longName);
        assertThat(m.mappings().get(0)).isEqualTo(new IdMapping(IdKind.USER, "Zoë Smith", zim));
    }

    @Test
    void aGroupIdMayNotStartWithHashButAUserIdMay() {
        IdMapper m = new IdMapper();
        assertThat(m.user("#ok")).isEqualTo("#ok");
        assertThat(m.group("#ok")).startsWith("_ok~");
    }

    @Test
    void aValidIdAlreadyTakenByAMappingIsRefusedClearly() {
        IdMapper m = new IdMapper();
        String mapped = m.user("bad id");
        assertThatThrownBy(() -> m.user(mapped))
                .isInstanceOf(IdCollisionException.class)
                .hasMessageContaining("already given to \"bad id\"");
    }

    @Test
    void reservingValidIdsFirstMakesTheMappingAvoidThem() {
        // Force a clash: reserve exactly what "bad id" would become, then map "bad id".
        String wouldBe = new IdMapper().user("bad id");
        IdMapper m = new IdMapper();
        m.reserve(IdKind.USER, List.of(wouldBe, "not valid!/"));
        String mapped = m.user("bad id");
        assertThat(mapped).isNotEqualTo(wouldBe).matches("bad_id~[a-z2-7]{12}");
        assertThat(m.user(wouldBe)).isEqualTo(wouldBe);
    }

    @Test
    void userAndGroupIdsAreSeparateNamespaces() {
        IdMapper m = new IdMapper();
        m.group("x y");
        assertThat(m.user(m.group("x y"))).isEqualTo(m.group("x y")); // a user may have the same ID as a group
    }

    @Test
    void everyMappedIdIsValidForZim() {
        qt().withExamples(2000).forAll(IDS).checkAssert(id -> {
            IdMapper m = new IdMapper();
            String user = m.user(id);
            String group = m.group(id);
            assertThat(STRICT.checkUser("u", user)).isEmpty();
            assertThat(STRICT.checkGroup("g", group)).isEmpty();
            assertThat(Utf8.length(user)).isLessThanOrEqualTo(32);
        });
    }

    @Test
    void mappingIsDeterministicAndKeepsValidIds() {
        qt().withExamples(1000).forAll(IDS).checkAssert(id -> {
            String first = new IdMapper().user(id);
            assertThat(new IdMapper().user(id)).isEqualTo(first);
            if (STRICT.checkUser("u", id).isEmpty()) {
                assertThat(first).isEqualTo(id);
            } else {
                assertThat(first).contains("~");
            }
        });
    }

    @Test
    void distinctSourceIdsNeverShareAZimId() {
        qt().withExamples(300).forAll(lists().of(IDS).ofSizeBetween(1, 60)).checkAssert(ids -> {
            IdMapper m = new IdMapper();
            m.reserve(IdKind.GROUP, ids);
            Map<String, String> seen = new HashMap<>();
            for (String id : ids) {
                String zim = m.group(id);
                String previous = seen.putIfAbsent(zim, id);
                assertThat(previous == null || previous.equals(id)).as("%s and %s both map to %s", previous, id, zim).isTrue();
            }
        });
    }
}

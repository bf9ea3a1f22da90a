package io.zimmigrate.core.model;

import static io.zimmigrate.core.model.IdGenerators.allowed;
import static io.zimmigrate.core.model.IdGenerators.forbidden;
import static io.zimmigrate.core.model.IdGenerators.groupIds;
import static io.zimmigrate.core.model.IdGenerators.insert;
import static io.zimmigrate.core.model.IdGenerators.positions;
import static io.zimmigrate.core.model.IdGenerators.userIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import io.zimmigrate.core.rules.Checked;
import io.zimmigrate.core.rules.IdRules;
import io.zimmigrate.core.rules.Violation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ZIM's ID rules (zim-api.md §5) as properties of {@link IdRules#user} and {@link IdRules#group}. */
class IdPropertiesTest {

    private static List<String> rules(Checked<?> c) {
        return c.violations().stream().map(Violation::rule).toList();
    }

    @Test
    void generatedValidIdsPass() {
        qt().forAll(userIds()).checkAssert(id -> {
            Checked<UserId> user = IdRules.strict().user("FromUserId", id);
            assertThat(user.violations()).isEmpty();
            assertThat(user.value()).contains(new UserId(id));
        });
        qt().forAll(groupIds()).checkAssert(id ->
                assertThat(IdRules.strict().group("GroupId", id).violations()).isEmpty());
    }

    @Test
    void oneForbiddenCharacterFailsWithCharsetNamingTheField() {
        qt().forAll(allowed(1, 20), forbidden(), positions()).checkAssert((id, bad, pos) -> {
            String withBad = insert(id, bad, pos);
            Checked<UserId> user = IdRules.strict().user("ToUserId", withBad);
            assertThat(user.isValid()).isFalse();
            assertThat(rules(user)).contains(IdRules.RULE_CHARSET);
            assertThat(user.violations()).allSatisfy(v -> assertThat(v.field()).isEqualTo("ToUserId"));
            assertThat(rules(IdRules.allowingSpace().group("GroupId", "g" + withBad)))
                    .contains(IdRules.RULE_CHARSET);
        });
    }

    @Test
    void thirtyThreeOrMoreBytesFail() {
        qt().forAll(allowed(33, 80)).checkAssert(id -> {
            assertThat(rules(IdRules.strict().user("FromUserId", id))).containsExactly(IdRules.RULE_LENGTH);
            String group = id.charAt(0) == '#' ? "g" + id : id;
            assertThat(rules(IdRules.strict().group("GroupId", group))).containsExactly(IdRules.RULE_LENGTH);
        });
    }

    @Test
    void lengthCountsUtf8BytesNotCharacters() {
        // 11 three-byte characters are 11 chars but 33 bytes: too long, and not allowed characters either.
        String id = "中".repeat(11);
        assertThat(id.getBytes(StandardCharsets.UTF_8)).hasSize(33);
        assertThat(rules(IdRules.strict().user("FromUserId", id)))
                .containsExactlyInAnyOrder(IdRules.RULE_LENGTH, IdRules.RULE_CHARSET);
    }

    @Test
    void exactlyThirtyTwoBytesPass() {
        qt().forAll(allowed(32, 32)).checkAssert(id ->
                assertThat(IdRules.strict().user("FromUserId", id).isValid()).isTrue());
    }

    @Test
    void groupIdsMustNotStartWithHashButUserIdsMay() {
        qt().forAll(allowed(0, 31)).checkAssert(rest -> {
            String id = "#" + rest;
            assertThat(rules(IdRules.strict().group("GroupId", id))).containsExactly(IdRules.RULE_LEADING_HASH);
            assertThat(IdRules.strict().user("FromUserId", id).isValid()).isTrue();
        });
    }

    @Test
    void spaceIsRefusedByDefaultAndAllowedWhenChosen() {
        qt().forAll(allowed(1, 15), allowed(1, 15)).checkAssert((a, b) -> {
            String id = a + " " + b;
            assertThat(rules(IdRules.strict().user("FromUserId", id))).containsExactly(IdRules.RULE_CHARSET);
            assertThat(IdRules.allowingSpace().user("FromUserId", id).isValid()).isTrue();
        });
        assertThat(IdRules.strict().allowsSpace()).isFalse();
    }

    @Test
    void emptyOrAbsentIsRequired() {
        assertThat(rules(IdRules.strict().user("FromUserId", ""))).containsExactly(IdRules.RULE_REQUIRED);
        assertThat(rules(IdRules.strict().user("FromUserId", null))).containsExactly(IdRules.RULE_REQUIRED);
        assertThat(rules(IdRules.strict().group("GroupId", null))).containsExactly(IdRules.RULE_REQUIRED);
    }

    @Test
    void messagesShowTheValueButShortened() {
        String huge = "x".repeat(5000) + "/";
        Checked<UserId> c = IdRules.strict().user("FromUserId", huge);
        assertThat(c.violations()).allSatisfy(v -> {
            assertThat(v.message()).contains("\"xxxxxxxx").hasSizeLessThan(300);
        });
    }

    @Test
    void orElseThrowNamesTheRule() {
        assertThatThrownBy(() -> IdRules.allowingSpace().user("UserId", "a/b").orElseThrow())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(IdRules.RULE_CHARSET);
        assertThat(IdRules.allowingSpace().user("UserId", "u 1").orElseThrow()).isEqualTo(UserId.of("u 1"));
    }
}

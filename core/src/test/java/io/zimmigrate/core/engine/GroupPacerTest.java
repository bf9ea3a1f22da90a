package io.zimmigrate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.model.GroupId;
import org.junit.jupiter.api.Test;

class GroupPacerTest {
    private static final GroupId A = GroupId.of("a");
    private static final GroupId B = GroupId.of("b");

    @Test
    void eachGroupWaitsASecondAndItsGuardAfterItsOwnLastAnswerOnly() {
        GroupPacer pacer = new GroupPacer(4);
        assertThat(pacer.nextSlot(A, 100)).as("a group not invited into yet goes at once").isEqualTo(100);
        pacer.answered(A, 150, false);
        assertThat(pacer.nextSlot(A, 160)).isEqualTo(1_154);
        assertThat(pacer.nextSlot(B, 160)).as("another group is not held by A's limit").isEqualTo(160);
        assertThat(pacer.nextSlot(A, 2_000)).isEqualTo(2_000);
    }

    @Test
    void theGroupLimitDoublesThatGroupsSpacingUpToACeilingAndASuccessResetsIt() {
        GroupPacer pacer = new GroupPacer(4);
        pacer.answered(A, 0, true);
        assertThat(pacer.spacingMillis(A)).isEqualTo(2_008);
        for (int i = 0; i < 5; i++) {
            pacer.answered(A, 0, true);
        }
        assertThat(pacer.spacingMillis(A)).isEqualTo(GroupPacer.MAX_SPACING_MILLIS);
        assertThat(pacer.spacingMillis(B)).isEqualTo(1_004);
        pacer.answered(A, 10_000, false);
        assertThat(pacer.nextSlot(A, 10_000)).isEqualTo(11_004);
        pacer.forget(A);
        assertThat(pacer.size()).isZero();
        assertThat(pacer.nextSlot(A, 10_000)).isEqualTo(10_000);
    }
}

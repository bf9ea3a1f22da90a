package io.zimmigrate.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.Test;

class MediaKeysTest {

    @Test
    void keysAreStablePerSourceAndReadable() {
        String a = MediaKeys.keyFor("https://files.slack.com/files-pri/T1-F1/cat.png", null, 400);
        assertThat(a).isEqualTo(MediaKeys.keyFor("https://files.slack.com/files-pri/T1-F1/cat.png", null, 400));
        assertThat(a).matches("[0-9a-f]{24}/cat\\.png");
        assertThat(MediaKeys.keyFor("https://files.slack.com/files-pri/T1-F2/cat.png", null, 400)).isNotEqualTo(a);
        assertThat(MediaKeys.keyFor("https://x/y?token=1", "Q3 report (final).pdf", 400)).endsWith("/Q3_report_final_.pdf");
        assertThat(MediaKeys.keyFor("https://x/", "..", 400)).endsWith("/file");
    }

    @Test
    void aLongNameIsCutButKeepsItsExtension() {
        String key = MediaKeys.keyFor("s", "a".repeat(300) + ".jpeg", 40);
        assertThat(key).hasSize(40).endsWith(".jpeg");
    }

    @Test
    void everyKeyFitsItsRoomAndIsSafeInAUrlPathAFileNameAndAnS3Key() {
        qt().forAll(strings().allPossible().ofLengthBetween(0, 300), strings().allPossible().ofLengthBetween(0, 300),
                        integers().between(MediaKeys.minimumLength(), 500))
                .checkAssert((source, name, room) -> {
                    String key = MediaKeys.keyFor(source, name, room);
                    assertThat(key.length()).isLessThanOrEqualTo(room);
                    assertThat(key).matches("[0-9a-f]{24}/[A-Za-z0-9-][A-Za-z0-9._-]*");
                });
    }

    @Test
    void noRoomForAKeyIsAnError() {
        assertThatThrownBy(() -> MediaKeys.keyFor("s", "n", MediaKeys.minimumLength() - 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.zimmigrate.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MediaUrlBaseTest {

    @Test
    void aBaseGetsItsSlashAndLeavesTheRestOfFiveHundredBytesToTheKey() {
        MediaUrlBase base = MediaUrlBase.of("https://cdn.example.com/chat");
        assertThat(base.urlOf("k/a.png")).isEqualTo("https://cdn.example.com/chat/k/a.png");
        assertThat(base.keyRoom()).isEqualTo(500 - "https://cdn.example.com/chat/".length());
    }

    @Test
    void unusableBasesAreRefusedWithOneLine() {
        assertThatThrownBy(() -> MediaUrlBase.of("ftp://x/")).hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> MediaUrlBase.of("https://x/?a=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> MediaUrlBase.of("https://x/" + "a".repeat(480))).hasMessageContaining("too long");
    }
}

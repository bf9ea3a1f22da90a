package io.zimmigrate.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MediaLinksTest {

    private static final String IMAGE = "{\"Uid\":\"u1\",\"Origin\":{\"Url\":\"https://a/o.png\",\"Width\":10,\"Height\":20},"
            + "\"LargeImage\":{\"Url\":\"https://a/l.png\",\"Width\":5,\"Height\":6},"
            + "\"Thumbnail\":{\"Url\":\"https://a/t.png\",\"Width\":1,\"Height\":2},\"FileName\":\"cat.png\",\"Size\":1.50}";

    @Test
    void findsEveryPictureOfAnImageWithTheFileNameOnTheOrigin() {
        assertThat(MediaLinks.find(11, IMAGE)).containsExactly(
                new MediaLink("Origin.Url", "https://a/o.png", "cat.png"),
                new MediaLink("LargeImage.Url", "https://a/l.png", null),
                new MediaLink("Thumbnail.Url", "https://a/t.png", null));
    }

    @Test
    void findsTheUrlAndTheFirstFrameOfAVideo() {
        String video = "{\"Uid\":\"v\",\"Url\":\"https://a/v.mp4\",\"FileName\":\"v.mp4\",\"Thumbnail\":{\"Url\":\"https://a/f.jpg\",\"Width\":1,\"Height\":1}}";
        assertThat(MediaLinks.find(14, video)).extracting(MediaLink::field).containsExactly("Url", "Thumbnail.Url");
        // A file's Thumbnail is not a ZIM field: it stays untouched.
        assertThat(MediaLinks.find(12, video)).extracting(MediaLink::field).containsExactly("Url");
        assertThat(MediaLinks.find(13, video)).extracting(MediaLink::source).containsExactly("https://a/v.mp4");
    }

    @Test
    void rewritesOnlyTheUrlsAndKeepsEverythingElseAsItWas() {
        String out = MediaLinks.rewrite(11, IMAGE, link -> "https://cdn/" + link.field());
        assertThat(out).isEqualTo(IMAGE.replace("https://a/o.png", "https://cdn/Origin.Url")
                .replace("https://a/l.png", "https://cdn/LargeImage.Url").replace("https://a/t.png", "https://cdn/Thumbnail.Url"));
    }

    @Test
    void rewritesMediaItemsOfAMultiItemMessageInsideTheirJsonStrings() {
        String file = "{\"Uid\":\"f\",\"Url\":\"https://a/doc.pdf\",\"FileName\":\"doc.pdf\"}";
        String multi = "{\"MultiMsg\":[{\"MsgType\":1,\"Msg\":\"https://a/not-a-link\"},{\"MsgType\":12,\"Msg\":"
                + quoted(file) + "}]}";
        assertThat(MediaLinks.find(10, multi)).containsExactly(new MediaLink("MultiMsg[1].Url", "https://a/doc.pdf", "doc.pdf"));
        String out = MediaLinks.rewrite(10, multi, link -> "https://cdn/x");
        assertThat(out).contains(quoted(file.replace("https://a/doc.pdf", "https://cdn/x"))).contains("https://a/not-a-link");
    }

    @Test
    void leavesTextBrokenJsonAndUnchangedBodiesAlone() {
        assertThat(MediaLinks.find(1, "https://a/x.png")).isEmpty();
        assertThat(MediaLinks.find(11, "{not json")).isEmpty();
        assertThat(MediaLinks.rewrite(11, "{not json", l -> "x")).isEqualTo("{not json");
        assertThat(MediaLinks.rewrite(12, "[1]", l -> "x")).isEqualTo("[1]");
        String spaced = "{ \"Uid\":\"f\", \"Url\":\"https://a/d\", \"FileName\":\"d\" }";
        assertThat(MediaLinks.rewrite(12, spaced, MediaLink::source)).isSameAs(spaced);
        assertThat(MediaLinks.find(12, null)).isEqualTo(List.of());
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\"", "\\\"") + "\"";
    }
}

package io.zimmigrate.core.media;

import java.util.Objects;

/**
 * One URL inside a media body.
 *
 * @param field    where it sits, for reports ({@code Url}, {@code Origin.Url}, {@code MultiMsg[2].Thumbnail.Url})
 * @param source   the URL or path as the body holds it
 * @param fileName the message's {@code FileName} for the file itself, null for pictures derived from it
 */
public record MediaLink(String field, String source, String fileName) {
    public MediaLink {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(source, "source");
    }
}

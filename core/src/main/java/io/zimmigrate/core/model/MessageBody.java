package io.zimmigrate.core.model;

import java.util.Objects;

/**
 * ZIM's {@code MessageBody} as it goes on the wire: {@code Message} and optional {@code ExtendedData}. For
 * media and multi-item messages {@code Message} is the JSON text of the structure; {@link BodyContent}
 * holds the typed, validated reading of it.
 */
public record MessageBody(String message, String extendedData) {
    public MessageBody {
        Objects.requireNonNull(message, "message");
    }

    public static MessageBody of(String message) {
        return new MessageBody(message, null);
    }
}

package io.zimmigrate.core.model;

import java.util.List;

/**
 * The typed reading of a {@link MessageBody}, per message type (zim-api.md §4). Validation builds it; the wire
 * keeps the text the source gave, so what ZIM receives is exactly what the user exported.
 */
public sealed interface BodyContent {

    record Text(String text) implements BodyContent {}

    record Custom(String text) implements BodyContent {}

    /** An image, file, audio or video: the JSON structure that goes, as text, into {@code MessageBody.Message}. */
    record Media(MessageType type, String uid, String url, String fileName, Long size, Long mediaDuration,
                 Picture origin, Picture largeImage, Picture thumbnail) implements BodyContent {}

    /** A picture reference inside an image or video structure. */
    record Picture(String url, long width, long height) {}

    record MultiItem(List<Item> items) implements BodyContent {
        public MultiItem {
            items = List.copyOf(items);
        }
    }

    record Item(int msgType, Integer subMsgType, String msg, String searchedContent) {}
}

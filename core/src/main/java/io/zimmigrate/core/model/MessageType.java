package io.zimmigrate.core.model;

import java.util.Optional;

/** ZIM's message types (zim-api.md §4) and whether the import APIs take them. */
public enum MessageType {
    TEXT(1),
    COMMAND(2),
    MULTI_ITEM(10),
    IMAGE(11),
    FILE(12),
    AUDIO(13),
    VIDEO(14),
    BARRAGE(20),
    CUSTOM(200);

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isMedia() {
        return this == IMAGE || this == FILE || this == AUDIO || this == VIDEO;
    }

    public static Optional<MessageType> ofCode(int code) {
        return Optional.ofNullable(byCode(code));
    }

    /** {@link #ofCode} without the Optional (per record in validation): the type with that code, or null. */
    public static MessageType byCode(int code) {
        for (MessageType t : VALUES) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** {@code values()} copies its array at every call. */
    private static final MessageType[] VALUES = values();
}

package io.zimmigrate.emulator;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How QueryGroupMsg and QueryPeerMsg return the body of a media (image, file, audio, video) or multi-item message.
 * ZIM documents one form; servers have been seen to answer another, and the client's reconciliation must read both
 * (issue #12 item 1), so the emulator can play either. Text and custom bodies come back as sent in both.
 */
public enum MediaReadBack {
    /** ZIM's documented read-back form: URL-encoded snake_case JSON ({@code file_name}, {@code download_url}, …). */
    DOCUMENTED("documented"),
    /** The {@code MessageBody.Message} JSON exactly as the import sent it (PascalCase, with the caller's Uid). */
    AS_SENT("as-sent");

    private final String optionName;

    MediaReadBack(String optionName) {
        this.optionName = optionName;
    }

    /** The name on the command line: {@code documented} or {@code as-sent}. */
    public String optionName() {
        return optionName;
    }

    /** The form named {@code name} (its {@link #optionName()}); the message lists the names allowed. */
    public static MediaReadBack ofOptionName(String name) {
        for (MediaReadBack form : values()) {
            if (form.optionName.equals(name)) {
                return form;
            }
        }
        throw new IllegalArgumentException("the media read-back form must be one of " + names() + ", not '" + name + "'");
    }

    /** {@code documented, as-sent}. */
    public static String names() {
        return Arrays.stream(values()).map(MediaReadBack::optionName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return optionName;
    }
}

package io.zimmigrate.core.signing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The app's ServerSecret. It is only ever fed into the signature digest: {@link #toString()}, {@link #equals}
 * and exceptions never reveal it, and there is no getter that returns it as a String.
 */
public final class ServerSecret {
    private final byte[] utf8;

    private ServerSecret(byte[] utf8) {
        this.utf8 = utf8;
    }

    /** Wraps a secret; surrounding whitespace (a trailing newline in a secret file) is dropped. */
    public static ServerSecret of(String secret) {
        if (secret == null || secret.strip().isEmpty()) {
            throw new IllegalArgumentException("the ServerSecret is empty");
        }
        return new ServerSecret(secret.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** Feeds the secret into a digest without making a String of it. */
    void appendTo(java.security.MessageDigest digest) {
        digest.update(utf8);
    }

    /** True when {@code text} contains this secret; for hygiene checks in tests and log filters. */
    public boolean occursIn(String text) {
        return text != null && text.contains(new String(utf8, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ServerSecret[hidden]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerSecret other && java.security.MessageDigest.isEqual(utf8, other.utf8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8);
    }
}

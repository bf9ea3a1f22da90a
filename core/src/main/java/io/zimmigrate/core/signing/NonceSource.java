package io.zimmigrate.core.signing;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Consumer;

/** Where signature nonces come from: 8 random bytes as 16 lower-case hex characters. Injected so tests can fix it. */
@FunctionalInterface
public interface NonceSource {
    /** Fills {@code bytes} (length 8) with randomness. */
    void fill(byte[] bytes);

    default String next() {
        byte[] b = new byte[8];
        fill(b);
        return HexFormat.of().formatHex(b);
    }

    /** Backed by the given generator (tests pass a seeded one). */
    static NonceSource from(Consumer<byte[]> generator) {
        return generator::accept;
    }

    /** A fresh {@link SecureRandom}; the default outside tests. */
    static NonceSource secure() {
        SecureRandom random = new SecureRandom();
        return random::nextBytes;
    }
}

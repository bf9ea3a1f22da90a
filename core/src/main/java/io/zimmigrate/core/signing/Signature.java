package io.zimmigrate.core.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** ZIM's signature v2.0: lower-case hex MD5 of {@code AppId + SignatureNonce + ServerSecret + Timestamp}. */
public final class Signature {
    public static final String VERSION = "2.0";

    private Signature() {}

    public static String compute(long appId, String nonce, ServerSecret secret, long timestampSeconds) {
        MessageDigest md5 = md5();
        md5.update(Long.toString(appId).getBytes(StandardCharsets.UTF_8));
        md5.update(nonce.getBytes(StandardCharsets.UTF_8));
        secret.appendTo(md5);
        md5.update(Long.toString(timestampSeconds).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md5.digest());
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5, which every Java platform must provide", e);
        }
    }
}

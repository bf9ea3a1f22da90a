package io.zimmigrate.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * ZIM's signature written again from the documentation, independently of core's {@code Signature}, so a shared
 * mistake cannot make both sides agree: lower-case hex MD5 of AppId + SignatureNonce + ServerSecret + Timestamp.
 */
public final class TestSigner {
    private TestSigner() {}

    public static String sign(long appId, String nonce, String secret, long timestampSeconds) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5")
                    .digest((appId + nonce + secret + timestampSeconds).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(32);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}

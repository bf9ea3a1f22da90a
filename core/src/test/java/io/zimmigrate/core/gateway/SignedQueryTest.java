package io.zimmigrate.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The query string every request carries. Encoded as {@code application/x-www-form-urlencoded}, exactly as
 * {@link URLEncoder} does, without what {@link URLEncoder} allocates for each parameter (a writer, a builder and their
 * arrays even when nothing needs escaping): about a tenth of everything a rehearsal allocated per import
 * (JFR, 300,000 one-to-one messages against the emulator, session 18).
 */
class SignedQueryTest {
    private static String urlEncoder(Map<String, String> parameters) {
        StringBuilder s = new StringBuilder();
        parameters.forEach((k, v) -> s.append(s.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return s.toString();
    }

    @Test
    void encodesAnyTextAsUrlEncoderDoes() {
        // Any text that is text: an unpaired surrogate is none (URLEncoder writes '?' for it, the escaper refuses it);
        // the parameters are ASCII (an action, numbers, hex).
        qt().withExamples(2_000).forAll(strings().allPossible().ofLengthBetween(0, 24)
                        .assuming(SignedQueryTest::wellFormed), strings().basicLatinAlphabet().ofLengthBetween(0, 24))
                .checkAssert((any, latin) -> {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("Action", any);
            q.put(latin, "a b&c=d+é/ü?" + any);
            q.put("AppId", latin);
            assertThat(SignedQuery.encode(q)).isEqualTo(urlEncoder(q));
        });
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theUsualParametersCostLittleToEncode() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("Action", "ImportPeerMsg");
        q.put("AppId", "1234567890");
        q.put("SignatureNonce", "3b1f0c5e9a7d2c48");
        q.put("Timestamp", "1732000000");
        q.put("Signature", "0123456789abcdef0123456789abcdef");
        q.put("SignatureVersion", "2.0");
        String expected = urlEncoder(q);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 20_000; warm++) {
            SignedQuery.encode(q);
        }
        int n = 10_000;
        long length = 0;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < n; i++) {
            length += SignedQuery.encode(q).length();
        }
        long perQuery = (threads.getCurrentThreadAllocatedBytes() - before) / n;
        assertThat(length).isEqualTo((long) n * expected.length());
        // URLEncoder: about 1,900 bytes for these six parameters; the result itself is about 300 (its String and array).
        assertThat(perQuery).as("bytes allocated per query encoded").isLessThan(800);
    }
}

package io.zimmigrate.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void hidesTheSignatureButKeepsTheRest() {
        String url = "Read timed out executing POST http://127.0.0.1:1/?Action=ImportGroupMsg&AppId=1"
                + "&SignatureNonce=00ff&Timestamp=1&Signature=43e5cfcca828314675f91b001390566a&SignatureVersion=2.0";
        String shown = Redaction.redact(url);
        assertThat(shown).doesNotContain("43e5cfcca828314675f91b001390566a")
                .contains("Signature=<hidden>", "SignatureNonce=00ff", "SignatureVersion=2.0", "Read timed out");
        assertThat(Redaction.redact("{\"Signature\": \"abc\"}")).doesNotContain("abc");
    }

    @Test
    void noSignatureValueSurvivesWhereverItStands() {
        qt().forAll(longs().all(), longs().all(), integers().between(0, 2))
                .check((hi, lo, place) -> {
                    String sig = String.format("%016x%016x", hi, lo);
                    String text = switch (place) {
                        case 0 -> "POST http://h/?Action=A&Signature=" + sig + "&SignatureVersion=2.0";
                        case 1 -> "POST http://h/?Action=A&Signature=" + sig;
                        default -> "failed (Signature=" + sig + " in 'http://h/?Signature=" + sig + "')";
                    };
                    return !Redaction.redact(text).contains(sig);
                });
    }

    @Test
    void signedQueryPrintsWithoutTheSignature() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("Action", "ImportPeerMsg");
        q.put("Signature", "deadbeefdeadbeefdeadbeefdeadbeef");
        SignedQuery query = new SignedQuery(q);
        assertThat(query.toString()).doesNotContain("deadbeef").contains("Action=ImportPeerMsg");
        assertThat(query.get("Signature")).isEqualTo("deadbeefdeadbeefdeadbeefdeadbeef");
        assertThat(query.encoded()).isEqualTo("Action=ImportPeerMsg&Signature=deadbeefdeadbeefdeadbeefdeadbeef");
    }

    @Test
    void transportReasonsAreRedactedAtTheSource() {
        assertThat(new TransportResult.MaybeSent("timeout on /?Signature=abc&x=1").reason()).doesNotContain("abc");
        assertThat(new TransportResult.NotSent("refused /?Signature=abc").reason()).doesNotContain("abc");
    }
}

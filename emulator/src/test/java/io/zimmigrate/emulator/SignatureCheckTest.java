package io.zimmigrate.emulator;

import static io.zimmigrate.emulator.Fixture.register;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignatureCheckTest {
    private static final Fixture fixture = new Fixture();
    private static ZimEmulator emulator;
    private static ZimTestClient client;

    @BeforeAll
    static void start() {
        emulator = fixture.start(b -> b.qps(0));
        client = fixture.client(emulator);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void theTestSignerReproducesTheDocumentedVector() {
        assertThat(TestSigner.sign(12345, "4fd24687296dd9f3", "9193cc662a4c0ec135ec71fb57194b38", 1615186943))
                .isEqualTo("43e5cfcca828314675f91b001390566a");
    }

    @Test
    void aCorrectlySignedRequestIsServed() throws Exception {
        var reply = client.post("UserRegister", register("signed-ok"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.code()).isZero();
        assertThat(reply.json().path("Message").asText()).isEqualTo("success");
        assertThat(reply.json().path("RequestId").asText()).matches("[0-9]+");
        assertThat(emulator.registeredUsers()).contains("signed-ok");
    }

    @Test
    void aWrongSecretGetsInvalidSignatureAndChangesNothing() throws Exception {
        var other = new ZimTestClient(emulator.baseUri(), Fixture.APP_ID, "not-the-secret", fixture.clock);

        var reply = other.post("UserRegister", register("wrong-secret"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.code()).isEqualTo(100_000_005L);
        assertThat(emulator.registeredUsers()).doesNotContain("wrong-secret");
    }

    @Test
    void aTimestampMoreThanTenMinutesOffIsExpiredEitherWay() throws Exception {
        var behind = new ManualClock(Fixture.START.minus(Duration.ofMinutes(10).plusSeconds(2)));
        var ahead = new ManualClock(Fixture.START.plus(Duration.ofMinutes(10).plusSeconds(2)));
        var justInside = new ManualClock(Fixture.START.minus(Duration.ofMinutes(9)));

        assertThat(clientAt(behind).post("UserRegister", register("late")).code()).isEqualTo(100_000_004L);
        assertThat(clientAt(ahead).post("UserRegister", register("early")).code()).isEqualTo(100_000_004L);
        assertThat(clientAt(justInside).post("UserRegister", register("skewed-ok")).code()).isZero();
        assertThat(emulator.registeredUsers()).contains("skewed-ok").doesNotContain("late", "early");
    }

    private static ZimTestClient clientAt(ManualClock clock) {
        return new ZimTestClient(emulator.baseUri(), Fixture.APP_ID, Fixture.SECRET, clock);
    }

    static Stream<Arguments> brokenQueries() {
        return Stream.of(
                Arguments.of("Action", null, 100_000_006L),
                Arguments.of("Action", "", 100_000_006L),
                Arguments.of("Action", "SendPeerMessage", 100_000_007L),
                Arguments.of("AppId", null, 100_000_001L),
                Arguments.of("AppId", "12ab", 100_000_001L),
                Arguments.of("AppId", "987654321", 100_000_001L),
                Arguments.of("SignatureVersion", null, 100_000_013L),
                Arguments.of("SignatureVersion", "1.0", 100_000_014L),
                Arguments.of("SignatureNonce", null, 100_000_008L),
                Arguments.of("SignatureNonce", "15215528852396", 2L),
                Arguments.of("SignatureNonce", "4FD24687296DD9F3", 2L),
                Arguments.of("Timestamp", null, 100_000_002L),
                Arguments.of("Timestamp", "soon", 100_000_003L),
                Arguments.of("Signature", null, 100_000_009L),
                Arguments.of("Signature", "43e5cfcca828314675f91b001390566a", 100_000_005L));
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @MethodSource("brokenQueries")
    void eachBrokenCommonParameterHasItsCode(String name, String value, long code) throws Exception {
        Map<String, String> override = new HashMap<>();
        override.put(name, value);
        String user = "u-" + code + "-" + Math.abs((name + value).hashCode());

        var reply = client.post("UserRegister", ZimTestClient.json(register(user)), override);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.code()).isEqualTo(code);
        assertThat(emulator.registeredUsers()).doesNotContain(user);
    }

    @Test
    void everyRequestIsCountedEvenWhenRefused() throws Exception {
        long before = emulator.requestsReceived("QueryGroupMsg");

        client.post("QueryGroupMsg", "{\"GroupId\":\"g\"}", Map.of("Signature", "0".repeat(32)));
        client.post("QueryGroupMsg", "{\"GroupId\":\"g\"}");

        assertThat(emulator.requestsReceived("QueryGroupMsg")).isEqualTo(before + 2);
    }

    @Test
    void neitherTheConfigNorTheEmulatorShowsTheSecret() {
        assertThat(emulator.config().toString()).doesNotContain(Fixture.SECRET);
        assertThat(emulator.toString()).doesNotContain(Fixture.SECRET);
    }
}

package io.zimmigrate.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZimEndpointTest {

    @Test
    void defaultsToTheUnifiedHost() {
        assertThat(ZimEndpoint.DEFAULT.origin()).isEqualTo(URI.create("https://zim-api.zego.im"));
        assertThat(ZimEndpoint.DEFAULT.port()).isEqualTo(443);
    }

    @Test
    void regionsByShortName() {
        for (String r : new String[] {"sha", "hkg", "fra", "lax", "bom", "sgp"}) {
            assertThat(ZimEndpoint.region(r).origin()).isEqualTo(URI.create("https://zim-api-" + r + ".zego.im"));
            assertThat(ZimEndpoint.parse(r.toUpperCase())).isEqualTo(ZimEndpoint.region(r));
        }
        assertThat(ZimEndpoint.regions()).hasSize(6);
        assertThatThrownBy(() -> ZimEndpoint.region("mars"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mars").hasMessageContaining("fra");
    }

    @Test
    void loopbackPlainHttpIsAccepted() {
        qt().forAll(integers().between(0, 255), integers().between(0, 255), integers().between(0, 255),
                        integers().between(1, 65535))
                .check((b, c, d, port) -> {
                    ZimEndpoint e = ZimEndpoint.of("http://127." + b + "." + c + "." + d + ":" + port);
                    return !e.isSecure() && e.port() == port;
                });
        assertThat(ZimEndpoint.of("http://localhost:8080").host()).isEqualTo("localhost");
        assertThat(ZimEndpoint.of("http://LOCALHOST:8080/").origin()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(ZimEndpoint.of("http://[::1]:9000").port()).isEqualTo(9000);
        assertThat(ZimEndpoint.of("http://[0:0:0:0:0:0:0:1]:9000").isSecure()).isFalse();
    }

    @Test
    void nonLoopbackPlainHttpIsRefusedWithAClearMessage() {
        qt().forAll(integers().between(0, 255).assuming(a -> a != 127), integers().between(0, 255),
                        integers().between(0, 255), integers().between(0, 255))
                .check((a, b, c, d) -> refused("http://" + a + "." + b + "." + c + "." + d));
        qt().forAll(strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 12))
                .assuming(name -> !name.equals("localhost"))
                .check(name -> refused("http://" + name + ".example") && refused("http://" + name));
        // Names are never resolved: a name that merely starts like loopback is not loopback.
        assertThat(refused("http://127.0.0.1.evil.example")).isTrue();
        assertThat(refused("http://localhost.evil.example")).isTrue();
        assertThat(refused("http://[::2]")).isTrue();
        assertThatThrownBy(() -> ZimEndpoint.of("http://zim-api.zego.im"))
                .hasMessageContaining("plain http://")
                .hasMessageContaining("loopback")
                .hasMessageContaining("https://");
    }

    @Test
    void httpsIsAcceptedForAnyHost() {
        qt().forAll(strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 12))
                .check(name -> ZimEndpoint.of("https://" + name + ".example").isSecure());
    }

    @Test
    void onlyBareOriginsAreAccepted() {
        for (String bad : new String[] {"https://h/api", "https://h/?x=1", "https://h/#f", "https://u:p@h",
                "ftp://h", "zim-api.zego.im:443", "", "https://"}) {
            assertThatThrownBy(() -> ZimEndpoint.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void requestUriPutsTheQueryAtTheRoot() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("Action", "QueryGroupMsg");
        q.put("AppId", "1");
        assertThat(ZimEndpoint.of("http://127.0.0.1:8080/").requestUri(q))
                .isEqualTo(URI.create("http://127.0.0.1:8080/?Action=QueryGroupMsg&AppId=1"));
        assertThat(ZimEndpoint.DEFAULT.requestUri(q).toString())
                .isEqualTo("https://zim-api.zego.im/?Action=QueryGroupMsg&AppId=1");
    }

    @Test
    void requestTargetIsTheRequestUrisPathAndQuery() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("Action", "ImportGroupMsg");
        q.put("Signature", "a b&c=d");
        ZimEndpoint endpoint = ZimEndpoint.of("https://zim-api.zego.im");
        String target = endpoint.requestTarget(q);
        assertThat(target).isEqualTo("/?Action=ImportGroupMsg&Signature=a+b%26c%3Dd");
        URI whole = endpoint.requestUri(q);
        assertThat(whole.getRawPath() + "?" + whole.getRawQuery()).isEqualTo(target);
    }

    private static boolean refused(String url) {
        try {
            ZimEndpoint.of(url);
            return false;
        } catch (IllegalArgumentException e) {
            return e.getMessage().contains(url.replaceAll("/$", "")) || e.getMessage().contains("endpoint");
        }
    }
}

package io.zimmigrate.core.gateway;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The query parameters of one signed request ({@code Action} and the common parameters), in ZIM's documented order.
 * Read-only. Its {@link #toString()} hides the {@code Signature}, so logging the map cannot leak it.
 */
public final class SignedQuery extends AbstractMap<String, String> {
    private final Map<String, String> parameters;

    public SignedQuery(Map<String, String> parameters) {
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return parameters.entrySet();
    }

    @Override
    public String get(Object key) {
        return parameters.get(key);
    }

    /** The encoded query string ({@code Action=…&AppId=…}); secret-bearing: send it, never log it. */
    public String encoded() {
        return encode(parameters);
    }

    static String encode(Map<String, String> parameters) {
        StringJoiner query = new StringJoiner("&");
        parameters.forEach((k, v) -> query.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return query.toString();
    }

    @Override
    public String toString() {
        StringJoiner shown = new StringJoiner(", ", "{", "}");
        parameters.forEach((k, v) -> shown.add(k + "=" + ("Signature".equals(k) ? Redaction.HIDDEN : v)));
        return shown.toString();
    }
}

package io.zimmigrate.core.gateway;

import com.google.common.escape.Escaper;
import com.google.common.net.UrlEscapers;
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
    /**
     * {@code application/x-www-form-urlencoded}, as {@link java.net.URLEncoder} writes it (the same safe characters,
     * '+' for a space), but returning a parameter as it is when nothing in it needs escaping, as none of the usual
     * ones do: {@code URLEncoder} made a writer, a builder and their arrays for each, about 2,400 bytes a request
     * and a tenth of what a rehearsal allocated per import (SignedQueryTest).
     */
    private static final Escaper FORM = UrlEscapers.urlFormParameterEscaper();
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
        StringBuilder query = new StringBuilder(160);
        parameters.forEach((k, v) -> {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(FORM.escape(k)).append('=').append(FORM.escape(v));
        });
        return query.toString();
    }

    @Override
    public String toString() {
        StringJoiner shown = new StringJoiner(", ", "{", "}");
        parameters.forEach((k, v) -> shown.add(k + "=" + ("Signature".equals(k) ? Redaction.HIDDEN : v)));
        return shown.toString();
    }
}
